package dev.bulwark.ipc;

/**
 * One message: an app-defined {@code type} and two payload words, stamped by the sending kernel with
 * its sandbox id, its incarnation, the channel sequence number (1, 2, ...) and the send time.
 * Immutable and made of primitives only, so it is copied across, never shared.
 */
public record Message(int type, int sender, int incarnation, long seq, long sentNanos, long a, long b) {
}
