package dev.bulwark.bench.transport;

/**
 * A producer's pool of {@link Slot}s for one object queue, handed out in turn: {@code capacity + 2} of them
 * for a queue that holds at most {@code capacity} messages, which is exactly enough for a slot never to be
 * written while its consumer may still read it.
 *
 * <p>Why {@code capacity + 2}: when the producer fills the slot for message {@code i}, its offer of
 * {@code i - 1} has succeeded, so at most {@code capacity} messages ({@code i - capacity .. i - 1}) were
 * queued and every message up to {@code i - capacity - 1} has been taken. The consumer works on one message
 * at a time, the last it took, so every message up to {@code i - capacity - 2} is finished with; and message
 * {@code i - (capacity + 2)} is the one that last used message {@code i}'s slot. The consumer's reads of it
 * happen before its next take, whose release (JCTools clears the element with an ordered store;
 * ArrayBlockingQueue unlocks) the producer's later successful offer acquires.
 *
 * <p>Producer thread only.
 */
final class Slots {
    private final Slot[] slots;
    private int next;

    /** Slots for a queue that holds at most {@code queueCapacity} messages of {@code payloadBytes} bytes. */
    Slots(int queueCapacity, int payloadBytes) {
        slots = new Slot[queueCapacity + 2];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new Slot(payloadBytes);
        }
    }

    /** The slot for the next message. */
    Slot next() {
        Slot slot = slots[next];
        next = next + 1 == slots.length ? 0 : next + 1;
        return slot;
    }
}
