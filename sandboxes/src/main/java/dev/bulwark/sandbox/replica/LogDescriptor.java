package dev.bulwark.sandbox.replica;

/**
 * The layout of one entry of a redundant sandbox's input log, drawn once: the payload of one message on a log
 * channel (replicator to copy). The frame's {@code type} says which kind of entry it is ({@link #MESSAGE} or
 * {@link #TIMER}); the frame's own header (sender, incarnation, seq) is the replicator's and says nothing about
 * the input. All values little-endian.
 * <pre>
 *   MESSAGE: an inbound message, as its sender sent it
 *   0                  8                  16         20         24         28         32                 40                 48
 *   +------------------+------------------+----------+----------+----------+----------+------------------+------------------+---------
 *   |      index       |   logicalNanos   | inbound  |   type   |  sender  | incarn.  |       seq        |    sentNanos     | payload
 *   |      long        |       long       |   int    |   int    |   int    |   int    |       long       |       long       | length B
 *   +------------------+------------------+----------+----------+----------+----------+------------------+------------------+---------
 *
 *   TIMER: a timer the copies asked for (and agreed on) fired
 *   0                  8                  16                 24
 *   +------------------+------------------+------------------+
 *   |      index       |   logicalNanos   |     timerId      |
 *   +------------------+------------------+------------------+
 * </pre>
 * {@code index} numbers the entries of one generation of the sandbox 0, 1, 2, ...; {@code logicalNanos} is the
 * replicator's clock read once, when it logged the entry: what {@code now()} returns to the app while it handles
 * the entry, in every copy. {@code inbound} is the position of the message's channel in the sandbox's inbound
 * channels (config order).
 */
public final class LogDescriptor {
    /** Entry kinds: the frame's type. */
    public static final int MESSAGE = 1;
    public static final int TIMER = 2;

    public static final int INDEX_AT = 0;
    public static final int LOGICAL_NANOS_AT = 8;
    public static final int INBOUND_AT = 16;
    public static final int TYPE_AT = 20;
    public static final int SENDER_AT = 24;
    public static final int INCARNATION_AT = 28;
    public static final int SEQ_AT = 32;
    public static final int SENT_NANOS_AT = 40;
    /** Where a MESSAGE entry's payload starts: the overhead of one logged message. */
    public static final int MESSAGE_HEADER = 48;
    public static final int TIMER_ID_AT = 16;
    public static final int TIMER_BYTES = 24;

    private LogDescriptor() {
    }

    /** The slot a log channel needs to carry messages of up to {@code inboundSlotBytes}. */
    public static int slotBytes(int inboundSlotBytes) {
        return Math.max(TIMER_BYTES, MESSAGE_HEADER + inboundSlotBytes);
    }
}
