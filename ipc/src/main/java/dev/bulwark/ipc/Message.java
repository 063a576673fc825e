package dev.bulwark.ipc;

import java.nio.ByteBuffer;

/**
 * One message as its receiver reads it: a header stamped by the sending kernel (its {@code sender}
 * sandbox id, its {@code incarnation}, the channel sequence number {@code seq} = 1, 2, ..., the send
 * time) and an app-defined {@code type} with {@code length} bytes of payload. Read-only: there is no way
 * to write through it.
 *
 * <p><b>Lifetime.</b> What a receiver is handed is a view of one of its channel's frames in modeled
 * memory, valid until its handler returns; then the frame carries a later message. A receiver that keeps a
 * message keeps {@link #copy()}. This is what makes the steady-state path allocation-free.
 *
 * <p>Payload offsets {@code at} are relative to the payload's start; values are little-endian, unaligned
 * reads allowed. A read past {@code length} throws {@link IndexOutOfBoundsException}.
 */
public interface Message {
    int type();

    /** Payload bytes. */
    int length();

    int sender();

    int incarnation();

    long seq();

    long sentNanos();

    byte getByte(int at);

    int getInt(int at);

    long getLong(int at);

    /** Copies {@code length} payload bytes from {@code at} into {@code dst} at {@code dstOffset}. */
    void getBytes(int at, byte[] dst, int dstOffset, int length);

    /** Copies the whole payload into {@code dst} at its position, advancing it. */
    void getBytes(ByteBuffer dst);

    /** The payload, copied out into a new array. */
    default byte[] payload() {
        byte[] bytes = new byte[length()];
        getBytes(0, bytes, 0, bytes.length);
        return bytes;
    }

    /** An immutable copy, safe to keep after the handler returns. */
    default Message copy() {
        return MessageCopy.of(this);
    }
}
