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
 * A send to a full channel is refused: {@code send} returns false and {@code refused} counts it; the
 * sending app still holds the value and decides what to do. So {@code sent == handled + lost + queued +
 * inHandler} holds whenever the receiver's incarnation is settled.
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
    private final SpscVarHandleArrayQueue<Message> queue;

    final AtomicLong sent = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final AtomicLong received = new AtomicLong();
    final AtomicLong handled = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();

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

    /** The capacity asked for; the queue may round it up to a power of two. */
    public int capacity() {
        return capacity;
    }

    /** Binds the producer end to one incarnation of the sending sandbox. */
    public OutPort producer(int senderId, int incarnation, Lease lease) {
        return new OutPort(this, queue, senderId, incarnation, lease, clock);
    }

    /** Binds the consumer end to one incarnation of the receiving sandbox. */
    public InPort consumer(Lease lease) {
        return new InPort(this, queue, lease);
    }

    /**
     * Called by the monitor after revoking a failed consumer's lease and before binding the next: counts
     * what that incarnation took but never finished handling as lost. Returns how many.
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
