package dev.bulwark.bench.transport;

/**
 * A preallocated message for the object queues (JCTools, the Disruptor, ArrayBlockingQueue): a sequence
 * number and a payload array, filled by copying in and emptied by copying out, so every payload byte is
 * touched on both sides and nothing is allocated per message.
 *
 * <p>Plain fields: the producer writes them before the queue's hand-over (a release: JCTools' ordered
 * element store, the Disruptor's cursor, ArrayBlockingQueue's lock) and the consumer reads them after taking
 * the message (the matching acquire). When a slot may be written again is the {@link Slots} rule.
 */
final class Slot {
    private long seq;
    private final byte[] bytes;

    Slot(int payloadBytes) {
        this.bytes = new byte[payloadBytes];
    }

    /** Producer: message {@code seq} with a copy of {@code payload} (the same length as this slot's). */
    void write(long seq, byte[] payload) {
        this.seq = seq;
        System.arraycopy(payload, 0, bytes, 0, bytes.length);
    }

    /** Consumer: copies the payload out into {@code into} and returns the message's sequence number. */
    long read(byte[] into) {
        System.arraycopy(bytes, 0, into, 0, bytes.length);
        return seq;
    }
}
