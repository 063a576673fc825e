package dev.bulwark.sandbox.app;

/**
 * The sending side of a NIC the sandbox owns, as its app sees it: bytes out to one connection, or close it.
 * What arrives comes as {@link DeviceEvent.NicEvent}s. Neither call blocks: a full transmit ring refuses,
 * and the app still holds its bytes and decides what to do (try again on a later pass).
 */
public interface NicPort {
    /** The device's name in the config. */
    String device();

    /** Where clients reach it: the address its wire side listens on, as {@code host:port} ("127.0.0.1:6379"). */
    String address();

    /**
     * Queues {@code length} bytes of {@code bytes} from {@code offset} for {@code connection}; the NIC writes
     * them to the wire in order. Returns false, taking nothing, if the transmit ring is full. Bytes for a
     * connection that has closed are dropped by the NIC (the peer is gone).
     */
    boolean send(long connection, byte[] bytes, int offset, int length);

    default boolean send(long connection, byte[] bytes) {
        return send(connection, bytes, 0, bytes.length);
    }

    /** Closes {@code connection} after the bytes queued before it. Returns false if the ring is full. */
    boolean close(long connection);
}
