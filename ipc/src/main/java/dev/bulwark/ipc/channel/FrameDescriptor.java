package dev.bulwark.ipc.channel;

/**
 * The layout of one frame of a channel's region in modeled memory, drawn once. All values little-endian.
 * <pre>
 *   0          4          8          12         16         20         24                   32                   40
 *   +----------+----------+----------+----------+----------+----------+--------------------+--------------------+---------
 *   | checksum |   type   |  length  |  sender  | incarn.  | (zero)   |        seq         |     sentNanos      | payload
 *   |   int    |   int    |   int    |   int    |   int    |          |        long        |        long        | length B
 *   +----------+----------+----------+----------+----------+----------+--------------------+--------------------+---------
 *              |<------------------ sealed by the checksum (CRC-32C): [4, 40 + length) ---------------------------------->|
 * </pre>
 * A frame occupies {@link #frameBytes(int) HEADER + slotBytes rounded up to a 64-byte cache line}, so two
 * frames never share a line; a channel's region is {@code capacity} frames back to back:
 * <pre>
 *   region:  [ frame 0 ][ frame 1 ] ... [ frame capacity-1 ]      message seq s travels in frame (s - 1) % capacity
 * </pre>
 * The sender's port writes the payload, then the header, then the checksum, then publishes the frame
 * through the channel's queue (a release); the receiver's port verifies the checksum before the app sees it.
 */
public final class FrameDescriptor {
    public static final int CHECKSUM_AT = 0;
    public static final int TYPE_AT = 4;
    public static final int LENGTH_AT = 8;
    public static final int SENDER_AT = 12;
    public static final int INCARNATION_AT = 16;
    public static final int SEQ_AT = 24;
    public static final int SENT_NANOS_AT = 32;
    /** Where the payload starts, and the size of the header. */
    public static final int HEADER = 40;
    /** The first byte the checksum covers: everything after the checksum itself. */
    public static final int SEALED_FROM = TYPE_AT;
    public static final int ALIGNMENT = 64;
    /** The default payload limit, as Quest-V's channels. */
    public static final int DEFAULT_SLOT_BYTES = 2048;
    /** The largest slot a channel may have. */
    public static final int MAX_SLOT_BYTES = 1 << 20;

    private FrameDescriptor() {
    }

    /** Bytes one frame takes for a payload limit of {@code slotBytes}. */
    public static int frameBytes(int slotBytes) {
        return (HEADER + slotBytes + ALIGNMENT - 1) & -ALIGNMENT;
    }

    /** Bytes a channel's region takes: {@code capacity} frames. */
    public static long regionBytes(int capacity, int slotBytes) {
        return (long) capacity * frameBytes(slotBytes);
    }
}
