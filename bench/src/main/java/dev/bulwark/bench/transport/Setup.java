package dev.bulwark.bench.transport;

/**
 * What a {@link Transport} is set up for: messages of {@code payloadBytes} bytes, through one-way queues that
 * hold {@code capacity} messages (the round trip, with one message in flight, uses the same queues).
 */
public record Setup(int payloadBytes, int capacity) {
    /** The largest payload the benchmark moves: 64 KiB, already 64 MiB of slots in a queue of 1024. */
    public static final int MAX_PAYLOAD = 64 * 1024;

    public Setup {
        if (payloadBytes < 1 || payloadBytes > MAX_PAYLOAD) {
            throw new IllegalArgumentException("payload must be 1 to " + MAX_PAYLOAD + " bytes, not " + payloadBytes);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, not " + capacity);
        }
    }

    /** A fresh array of {@code payloadBytes} bytes holding a fixed pattern (no zeros), for a sender to copy from. */
    public byte[] pattern() {
        byte[] bytes = new byte[payloadBytes];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i % 251 + 1);
        }
        return bytes;
    }
}
