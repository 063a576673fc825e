package dev.bulwark.sandbox.replica;

import java.util.List;
import java.util.Objects;

/**
 * What the monitor tells one incarnation of a redundant sandbox's copy besides its {@code Boot}: which sandbox
 * it is a copy of, and where in that sandbox's input log it starts. The copy's boot then has exactly one inbound
 * port (its log channel, from the replicator) and one outbound port (its output link, to the replicator, keyed
 * by {@code sandbox}); the kernel consumes the log in place of an inbox and timers ({@link LogDescriptor}) and
 * puts every output on the link ({@link OutputDescriptor}), so the app sees the sandbox it was written for.
 *
 * @param sandbox      the redundant sandbox's name: what the app's {@code sandboxName()} says in every copy
 * @param generation   what the app's {@code incarnation()} says: the sandbox's, the same in every copy (+1 each
 *                     time all copies restart together), not the copy's own incarnation
 * @param startIndex   the first log entry this copy handles: 0 for a fresh start, the index a good copy had
 *                     consumed up to when a rebuilt copy was given its memory
 * @param startNanos   the logical time {@code now()} reads before the first entry: that of entry
 *                     {@code startIndex - 1}, or the replicator's clock at a fresh start
 * @param outbound     the receivers of the sandbox's outbound channels, in config order (a SEND names one by position)
 * @param outboundSlotBytes each outbound channel's slot, in the same order
 */
public record ReplicaLink(String sandbox, int generation, long startIndex, long startNanos, List<String> outbound,
                          List<Integer> outboundSlotBytes) {
    public ReplicaLink {
        Objects.requireNonNull(sandbox);
        outbound = List.copyOf(outbound);
        outboundSlotBytes = List.copyOf(outboundSlotBytes);
        if (outbound.size() != outboundSlotBytes.size() || startIndex < 0) {
            throw new IllegalArgumentException("replica link of " + sandbox + ": " + outbound + " " + outboundSlotBytes
                    + " from " + startIndex);
        }
    }

    /**
     * Whether the copy joins a sandbox already serving (it was rebuilt from a good copy's memory): what its app's
     * start sends or asks for was sent and asked for long ago by the copy it was rebuilt from, so it is dropped.
     */
    public boolean joins() {
        return startIndex > 0;
    }
}
