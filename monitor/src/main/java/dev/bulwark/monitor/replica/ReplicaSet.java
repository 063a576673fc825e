package dev.bulwark.monitor.replica;

import java.util.List;
import java.util.Objects;

/**
 * One redundant sandbox as the chip runs it: its copies (sandboxes of their own, named {@code <sandbox>.1},
 * {@code <sandbox>.2}, ...: each a full kernel on its own core with its own partition and heartbeat, a fault
 * target of its own), and the channels its replicator owns in its place: the real {@code inbound} and
 * {@code outbound} channels of the sandbox (config order), and per copy a log channel
 * ({@code <sandbox>-><sandbox>.k}) and an output link ({@code <sandbox>.k-><sandbox>}).
 */
public record ReplicaSet(String sandbox, List<String> copies, List<Integer> cores, List<String> inbound,
                         List<String> outbound) {
    /** The separator between a sandbox's name and its copy's number: {@code kv-1.2}. */
    public static final String COPY_SEPARATOR = ".";

    public ReplicaSet {
        Objects.requireNonNull(sandbox);
        copies = List.copyOf(copies);
        cores = List.copyOf(cores);
        inbound = List.copyOf(inbound);
        outbound = List.copyOf(outbound);
    }

    /** The name of copy {@code number} (1-based) of {@code sandbox}. */
    public static String copyName(String sandbox, int number) {
        return sandbox + COPY_SEPARATOR + number;
    }

    /** The position of {@code copy} among the copies, or -1. */
    public int indexOf(String copy) {
        return copies.indexOf(copy);
    }

    /** The log channel of copy {@code index} (0-based): replicator to copy. */
    public String logChannel(int index) {
        return sandbox + "->" + copies.get(index);
    }

    /** The output link of copy {@code index} (0-based): copy to replicator. */
    public String linkChannel(int index) {
        return copies.get(index) + "->" + sandbox;
    }
}
