package dev.bulwark.monitor.replica;

/**
 * The cause the replicator reports when a copy's output is not what the others made: outvoted by a majority
 * (that copy failed), or two copies that differ with no majority (the sandbox's copies diverged). The monitor
 * detects it as {@code Detection.OUTPUT_MISMATCH}. Nothing the copy made from that output on has left.
 */
public final class OutputMismatchException extends RuntimeException {
    public OutputMismatchException(String message) {
        super(message, null, false, false);
    }
}
