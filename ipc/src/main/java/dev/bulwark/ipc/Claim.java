package dev.bulwark.ipc;

/**
 * A claimed frame being written by its sender (see {@link Sender#claim}): valid until
 * {@link #commit()} or {@link #abort()}. The message's length is the end of the furthest byte written.
 * Offsets are relative to the payload's start; values are little-endian.
 *
 * @throws PayloadTooLargeException from any put that would end past the channel's slot
 */
public interface Claim {
    /** The largest payload this frame takes ({@link Sender#slotBytes()}). */
    int capacity();

    /** Payload bytes written so far: the end of the furthest write. */
    int length();

    Claim putByte(int at, byte value);

    Claim putInt(int at, int value);

    Claim putLong(int at, long value);

    Claim putBytes(int at, byte[] src, int srcOffset, int length);

    /** Publishes the message: stamps the header, seals it with its checksum, and wakes the receiver. */
    void commit();

    /** Drops the message: nothing was published, the frame is free for the next claim. */
    void abort();
}
