package dev.bulwark.ipc;

/**
 * One message: an app-defined {@code type} and two payload words, stamped by the sending kernel with
 * its sandbox id, its incarnation, the channel sequence number (1, 2, ...) and the send time. Made of
 * primitives only, so it is copied across, never shared.
 *
 * <p><b>Lifetime.</b> What a receiver is handed is a read-only view of one of its channel's frames
 * (see {@link Channel}); it is valid until the handler returns, after which the frame carries a later
 * message. A receiver that wants to keep a message keeps {@link #copy()}, an immutable value. This is
 * what makes the steady-state send and receive path allocation-free.
 */
public sealed interface Message permits Frame, Message.Value {
    int type();

    int sender();

    int incarnation();

    long seq();

    long sentNanos();

    long a();

    long b();

    /** An immutable copy, safe to keep after the handler returns. */
    default Value copy() {
        return new Value(type(), sender(), incarnation(), seq(), sentNanos(), a(), b());
    }

    /** A message as an immutable value. */
    record Value(int type, int sender, int incarnation, long seq, long sentNanos, long a, long b) implements Message {
        @Override
        public Value copy() {
            return this;
        }
    }
}
