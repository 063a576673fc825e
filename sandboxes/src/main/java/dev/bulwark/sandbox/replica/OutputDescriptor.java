package dev.bulwark.sandbox.replica;

/**
 * The layout of one output of a redundant sandbox's copy, drawn once: the payload of one message on a copy's
 * output link (copy to replicator). The frame's {@code type} says which kind ({@link #SEND}, {@link #TIMER},
 * {@link #FINISH}); the replicator compares the k-th output of every copy byte for byte (kind and payload) and
 * carries out the one they agree on. All values little-endian.
 * <pre>
 *   SEND: a message for outbound channel #outbound (config order)
 *   0          4          8
 *   +----------+----------+---------
 *   | outbound |   type   | payload
 *   |   int    |   int    | length B
 *   +----------+----------+---------
 *
 *   TIMER: arm a one-shot timer                 FINISH: the app's job is done
 *   0                  8                  16    0          4
 *   +------------------+------------------+     +----------+---------
 *   |    delayNanos    |     timerId      |     | success  | summary
 *   |       long       |       long       |     |   int    | UTF-8
 *   +------------------+------------------+     +----------+---------
 * </pre>
 */
public final class OutputDescriptor {
    /** Output kinds: the frame's type. */
    public static final int SEND = 1;
    public static final int TIMER = 2;
    public static final int FINISH = 3;

    public static final int OUTBOUND_AT = 0;
    public static final int TYPE_AT = 4;
    /** Where a SEND's payload starts: the overhead of one sent message. */
    public static final int SEND_HEADER = 8;
    public static final int DELAY_AT = 0;
    public static final int TIMER_ID_AT = 8;
    public static final int TIMER_BYTES = 16;
    public static final int SUCCESS_AT = 0;
    public static final int SUMMARY_AT = 4;
    /** The longest finish summary carried, in bytes; a longer one is cut. */
    public static final int SUMMARY_BYTES = 200;

    private OutputDescriptor() {
    }

    /** The slot a copy's output link needs to carry sends of up to {@code outboundSlotBytes}. */
    public static int slotBytes(int outboundSlotBytes) {
        return Math.max(SUMMARY_AT + SUMMARY_BYTES, SEND_HEADER + outboundSlotBytes);
    }
}
