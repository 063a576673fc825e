package dev.bulwark.sandbox.replica;

import java.util.List;
import java.util.Objects;

/**
 * What the monitor tells one incarnation of a redundant sandbox's copy besides its {@code Boot}: which sandbox
 * it is a copy of, and which generation of it. Every incarnation of a copy boots from the pristine image and
 * handles the generation's input log from its first entry: a copy rebuilt while the others serve replays what
 * they have handled (deterministic replay) and so reaches their state, heap included, without touching them;
 * the replicator drops the outputs it makes again. The copy's boot then has exactly one inbound
 * port (its log channel, from the replicator) and one outbound port (its output link, to the replicator, keyed
 * by {@code sandbox}); the kernel consumes the log in place of an inbox and timers ({@link LogDescriptor}) and
 * puts every output on the link ({@link OutputDescriptor}), so the app sees the sandbox it was written for.
 *
 * @param sandbox      the redundant sandbox's name: what the app's {@code sandboxName()} says in every copy
 * @param generation   what the app's {@code incarnation()} says: the sandbox's, the same in every copy (+1 each
 *                     time all copies restart together), not the copy's own incarnation
 * @param startNanos   the logical time {@code now()} reads before the first entry: the replicator's clock when the
 *                     generation began
 * @param outbound     the receivers of the sandbox's outbound channels, in config order (a SEND names one by position)
 * @param outboundSlotBytes each outbound channel's slot, in the same order
 */
public record ReplicaLink(String sandbox, int generation, long startNanos, List<String> outbound,
                          List<Integer> outboundSlotBytes) {
    public ReplicaLink {
        Objects.requireNonNull(sandbox);
        outbound = List.copyOf(outbound);
        outboundSlotBytes = List.copyOf(outboundSlotBytes);
        if (outbound.size() != outboundSlotBytes.size()) {
            throw new IllegalArgumentException("replica link of " + sandbox + ": " + outbound + " " + outboundSlotBytes);
        }
    }
}
