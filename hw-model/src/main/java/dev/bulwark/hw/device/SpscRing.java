package dev.bulwark.hw.device;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A bounded single-producer single-consumer ring of references: how a device and its driver hand each
 * other frames, requests and completions without a lock. hw-model depends on the JDK only, so this is the
 * chip's own small ring rather than JCTools'.
 *
 * <h2>Ordering</h2>
 * <pre>
 *   producer: slot[tail] = e (plain) ; tail = tail + 1 (release)
 *   consumer: t = tail (acquire) ; e = slot[head] (plain) ; slot[head] = null (plain) ; head = head + 1 (release)
 * </pre>
 * The producer reads {@code head} with acquire before it reuses a slot, so the consumer's null store
 * happens-before the producer's next store to it. {@code head} and {@code tail} are written by one thread
 * each and padded apart, as JCTools pads its indices.
 *
 * <p>Threading: {@link #offer} on the producer's thread only, {@link #poll}, {@link #peek} and
 * {@link #drain} on the consumer's only; {@link #isEmpty} and {@link #size} on any thread (a snapshot).
 */
public final class SpscRing<E> {
    private static final VarHandle HEAD;
    private static final VarHandle TAIL;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            HEAD = lookup.findVarHandle(SpscRing.class, "head", long.class);
            TAIL = lookup.findVarHandle(SpscRing.class, "tail", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Object[] slots;
    private final int mask;
    private long p01, p02, p03, p04, p05, p06, p07;
    @SuppressWarnings("unused") // written through TAIL
    private long tail;
    private long p11, p12, p13, p14, p15, p16, p17;
    @SuppressWarnings("unused") // written through HEAD
    private long head;
    private long p21, p22, p23, p24, p25, p26, p27;

    /** A ring of {@code capacity} slots, rounded up to a power of two. */
    public SpscRing(int capacity) {
        if (capacity < 1 || capacity > 1 << 30) {
            throw new IllegalArgumentException("ring capacity " + capacity + " is not in [1, 2^30]");
        }
        int size = Integer.highestOneBit(capacity);
        size = size < capacity ? size << 1 : size;
        this.slots = new Object[size];
        this.mask = size - 1;
    }

    public int capacity() {
        return slots.length;
    }

    /** Adds {@code e} at the tail; false, taking nothing, if the ring is full. Producer only. */
    public boolean offer(E e) {
        long t = (long) TAIL.getOpaque(this);
        if (t - (long) HEAD.getAcquire(this) >= slots.length) {
            return false;
        }
        SLOT.set(slots, (int) (t & mask), e);
        TAIL.setRelease(this, t + 1);
        return true;
    }

    /** Takes the head, or null if the ring is empty. Consumer only. */
    @SuppressWarnings("unchecked")
    public E poll() {
        long h = (long) HEAD.getOpaque(this);
        if (h == (long) TAIL.getAcquire(this)) {
            return null;
        }
        int i = (int) (h & mask);
        E e = (E) SLOT.get(slots, i);
        SLOT.set(slots, i, null);
        HEAD.setRelease(this, h + 1);
        return e;
    }

    /** The head without taking it, or null if the ring is empty. Consumer only. */
    @SuppressWarnings("unchecked")
    public E peek() {
        long h = (long) HEAD.getOpaque(this);
        return h == (long) TAIL.getAcquire(this) ? null : (E) SLOT.get(slots, (int) (h & mask));
    }

    /** Takes and drops everything in the ring now; returns how many. Consumer only. */
    public int drain() {
        int dropped = 0;
        while (poll() != null) {
            dropped++;
        }
        return dropped;
    }

    /** Whether the ring was empty at the moment of the read (any thread). */
    public boolean isEmpty() {
        return (long) HEAD.getAcquire(this) == (long) TAIL.getAcquire(this);
    }

    /** Elements in the ring at about now (any thread). */
    public int size() {
        long h = (long) HEAD.getAcquire(this);
        return (int) Math.max(0, (long) TAIL.getAcquire(this) - h);
    }
}
