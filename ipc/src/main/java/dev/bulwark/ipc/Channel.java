package dev.bulwark.ipc;

import dev.bulwark.hw.clock.NanoClock;
import org.jctools.queues.varhandle.SpscVarHandleArrayQueue;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A one-way, bounded, lock-free channel from one sandbox to another, owned by the monitor.
 *
 * <h2>Delivery rule</h2>
 * A message {@link OutPort#send accepted} by the channel is, at every moment, in exactly one of these
 * states, so nothing accepted is ever lost silently:
 * <ul>
 *   <li><b>queued</b>: waiting, including while the receiver is down; the receiver's next incarnation
 *       attaches to the same queue and gets it, in order;</li>
 *   <li><b>in handler</b>: taken by the live receiver, whose handler has not returned;</li>
 *   <li><b>handled</b>: the receiver's handler returned;</li>
 *   <li><b>lost</b>: taken by a receiver incarnation that failed before its handler returned; the monitor
 *       counts it with {@link #settleFailedConsumer()} when it replaces that incarnation.</li>
 * </ul>
 * A channel is full when {@code capacity} accepted messages are not yet released (queued or in a
 * handler). A send to a full channel is refused: {@code send} returns false and {@code refused} counts
 * it; the sending app still holds the value and decides what to do. So {@code sent == handled + lost +
 * queued + inHandler} holds whenever the receiver's incarnation is settled.
 *
 * <h2>Frames: an allocation-free path</h2>
 * The channel owns {@code capacity} {@link Frame}s, used in sequence order: message {@code s} travels in
 * frame {@code (s - 1) % capacity}. A message is <em>released</em> once handled or counted lost, so
 * {@code released = handled + lost}, and the producer writes a frame only while
 * {@code sent - released < capacity}: the frames of the unreleased messages are the
 * {@code sent - released} before the next one in the ring, so the next frame is free. The JCTools queue
 * carries the frame references (its capacity, a power of two at least {@code capacity}, is never the
 * limit), and its release/acquire hand-over orders the frame's plain fields.
 * <pre>
 *   frames:   [ s-3 handled ][ s-2 in handler ][ s-1 queued ][ s queued ][ free ][ free ]
 *                               ^ released = handled + lost                 ^ next send writes here
 * </pre>
 *
 * <h2>Ownership</h2>
 * Single producer, single consumer: at any time at most one live {@link OutPort} and one live
 * {@link InPort}, each bound to the {@link Lease} of one incarnation. The monitor binds a new port only
 * after revoking the old one's lease.
 * <pre>
 *   counter     writer (one at a time)        meaning
 *   sent        producer port                 messages accepted (also the last sequence number)
 *   refused     producer port                 sends refused because the channel was full
 *   received    consumer port                 messages polled
 *   handled     consumer port; monitor when   handlers that returned
 *               settling a failed consumer
 *   lost        monitor when settling         polled by an incarnation that failed in the handler
 * </pre>
 */
public final class Channel {
    private final int id;
    private final String from;
    private final String to;
    private final int capacity;
    private final NanoClock clock;
    private final SpscVarHandleArrayQueue<Frame> queue;
    private final Frame[] frames;

    final AtomicLong sent = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final AtomicLong received = new AtomicLong();
    final AtomicLong handled = new AtomicLong();
    final AtomicLong lost = new AtomicLong();

    public Channel(int id, String from, String to, int capacity, NanoClock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("channel " + from + "->" + to + ": capacity must be positive, not " + capacity);
        }
        this.id = id;
        this.from = from;
        this.to = to;
        this.capacity = capacity;
        this.clock = clock;
        this.queue = new SpscVarHandleArrayQueue<>(capacity);
        this.frames = new Frame[capacity];
        for (int i = 0; i < capacity; i++) {
            frames[i] = new Frame();
        }
    }

    /**
     * The heap a channel of {@code capacity} takes, at most: a fixed part (counters, the queue's padding),
     * then per message slot its frame (56 bytes with compressed references) and its reference in the frame
     * array, and per slot of the queue (the next power of two) one reference. The config validator checks
     * the sum over all channels against what the JVM can have.
     */
    public static long heapBytes(int capacity) {
        long queueSlots = Long.highestOneBit(Math.max(1, capacity - 1)) << 1;
        return 32 * 1024 + 64L * capacity + 4 * queueSlots;
    }

    public int id() {
        return id;
    }

    public String name() {
        return from + "->" + to;
    }

    public String from() {
        return from;
    }

    public String to() {
        return to;
    }

    /** How many accepted messages may be unreleased (queued or in a handler) at once. */
    public int capacity() {
        return capacity;
    }

    /** Binds the producer end to one incarnation of the sending sandbox. */
    public OutPort producer(int senderId, int incarnation, Lease lease) {
        return new OutPort(this, queue, frames, senderId, incarnation, lease, clock);
    }

    /** Messages handled or counted lost: their frames are free again (acquire loads). */
    long released() {
        return handled.get() + lost.get();
    }

    /** Binds the consumer end to one incarnation of the receiving sandbox. */
    public InPort consumer(Lease lease) {
        return new InPort(this, queue, lease);
    }

    /**
     * Called by the monitor after revoking a failed consumer's lease ({@link Lease#revoke()} returns only
     * when none of its port operations is under way) and before binding the next: counts what that
     * incarnation took but never finished handling as lost. Returns how many.
     */
    public long settleFailedConsumer() {
        long taken = received.get();
        long unfinished = taken - handled.get() - lost.get();
        if (unfinished > 0) {
            lost.addAndGet(unfinished);
        }
        return Math.max(unfinished, 0);
    }

    public int queued() {
        return queue.size();
    }

    public ChannelStats stats() {
        return new ChannelStats(name(), sent.get(), refused.get(), received.get(), handled.get(), lost.get(), queue.size());
    }

    @Override
    public String toString() {
        return "channel " + name();
    }
}
