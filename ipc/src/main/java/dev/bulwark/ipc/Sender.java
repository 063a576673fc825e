package dev.bulwark.ipc;

/**
 * The sending end of a channel as an app sees it: it can send to one receiver, and nothing else. The
 * kernel stamps sender, incarnation, sequence number, send time and checksum; the app writes only the
 * type and the payload.
 *
 * <p>Two ways to send, neither allocates:
 * <pre>
 *   Claim c = sender.claim(TYPE);             // zero-copy: write into the channel's next frame
 *   if (c != null) c.putLong(0, key).putBytes(8, value, 0, value.length).commit();
 *
 *   sender.send(TYPE, bytes, 0, bytes.length);  // copies
 * </pre>
 * A full channel refuses: {@code claim} returns null and {@code send} false, and the channel counts it;
 * the app still holds its data and decides what to do.
 */
public interface Sender {
    /** The receiving sandbox's name. */
    String to();

    /** The largest payload one message can carry on this channel, in bytes. */
    int slotBytes();

    /**
     * Claims the channel's next frame for a message of {@code type}: write the payload through the claim,
     * then {@link Claim#commit()} or {@link Claim#abort()}. Returns null, counting a refusal, if the channel
     * is full. A claim left open is dropped by the next one (it had published nothing).
     */
    Claim claim(int type);

    /**
     * Sends {@code length} bytes of {@code payload} from {@code offset}, copied into the next frame. Returns
     * false, counting a refusal, if the channel is full.
     *
     * @throws PayloadTooLargeException if {@code length} exceeds {@link #slotBytes()}
     */
    boolean send(int type, byte[] payload, int offset, int length);

    default boolean send(int type, byte[] payload) {
        return send(type, payload, 0, payload.length);
    }
}
