package dev.bulwark.ipc.channel;

import dev.bulwark.hw.core.Lease;
import dev.bulwark.hw.core.LeaseRevokedException;
import dev.bulwark.hw.clock.NanoClock;
import dev.bulwark.hw.core.Doorbell;
import org.jctools.queues.varhandle.SpscVarHandleArrayQueue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A one-way, bounded, lock-free channel from one sandbox to another, owned by the monitor. This is its
 * admin side: only the monitor binds ports to it ({@link #producer}, {@link #consumer}), settles a failed
 * consumer and reads its counters. Apps see a {@link dev.bulwark.ipc.Sender} and the messages their
 * kernel hands them, nothing more.
 *
 * <h2>Delivery rule</h2>
 * A message accepted by the channel (committed) is, at every moment, in exactly one of these states, so
 * nothing accepted is ever lost silently:
 * <ul>
 *   <li><b>queued</b>: waiting, including while the receiver is down; the receiver's next incarnation
 *       attaches to the same queue and gets it, in order;</li>
 *   <li><b>in handler</b>: taken by the live receiver, whose handler has not returned;</li>
 *   <li><b>handled</b>: the receiver's handler returned;</li>
 *   <li><b>corrupted</b>: its checksum did not match when the receiver took it (a bit flip in the frame,
 *       a zombie's stray write, an injected {@link FrameCorrupter corruption}); counted, reported to the port's
 *       {@link CorruptFrameListener} and never handed to the app;</li>
 *   <li><b>lost</b>: taken by a receiver incarnation that failed before its handler returned; the monitor
 *       counts it with {@link #settleFailedConsumer()} when it replaces that incarnation.</li>
 * </ul>
 * A channel is full when {@code capacity} accepted messages are not yet released (queued or in a
 * handler); a claim or send then is refused and counted. So {@code sent == handled + lost + corrupted +
 * queued + inHandler} holds whenever the receiver's incarnation is settled.
 *
 * <h2>Frames in modeled memory: an allocation-free path</h2>
 * The channel's region holds {@code capacity} frames laid out by {@link FrameDescriptor}; message
 * {@code s} travels in frame {@code (s - 1) % capacity}. A message is <em>released</em> once handled,
 * corrupted or lost, and the producer writes a frame only while {@code sent - released < capacity}: the
 * frames of the unreleased messages are the {@code sent - released} before the next one, so the next frame
 * is free. The JCTools queue carries one preallocated {@link Frame} token per frame (its capacity, a power
 * of two at least {@code capacity}, is never the limit); its offer (a release) and poll (an acquire) order
 * the frame's plain writes before the consumer's reads, and the consumer's {@code handled} release store,
 * read by the producer with an acquire load, orders its reads before the frame is written again.
 * <pre>
 *   frames:   [ s-3 handled ][ s-2 in handler ][ s-1 queued ][ s queued ][ free ][ free ]
 *                               ^ released = handled + corrupted + lost     ^ next claim writes here
 * </pre>
 *
 * <h2>Checkpointing ends: held outputs and a committed consumer position</h2>
 * A sender that checkpoints holds its commits until its epoch commits (see {@link OutPort}); a receiver that
 * checkpoints releases the frames it handled only when its own epoch commits ({@link InPort}), so the
 * producer's free-frame rule (the released count) is the receiver's <em>committed</em> position, the Disruptor's
 * gating sequence. A rolled-back receiver is rewound to that position ({@link #rewindConsumer}) and replays
 * from the frames, which no producer could overwrite:
 * <pre>
 *   seq:  [ released (committed by the receiver) ][ taken in its open epoch: replayed after a rollback ][ queued ]
 *                                   ^ released()                                           ^ RECEIVED
 * </pre>
 *
 * <h2>Ownership</h2>
 * Single producer, single consumer: at any time at most one live {@link OutPort} and one live
 * {@link InPort}, each bound to the {@link Lease} of one incarnation. The monitor binds a new port only
 * after revoking the old one's lease. Counter writers:
 * <pre>
 *   counter     writer (one at a time)               meaning
 *   sent        producer port                        messages committed (also the last sequence number)
 *   refused     producer port                        claims and sends refused because the channel was full
 *   received    consumer port                        messages polled
 *   handled     consumer port                        handlers that returned
 *   corrupted   consumer port                        messages whose checksum failed
 *   outOfSeq.   consumer port                        intact messages whose sequence number was not {@code received}
 *   lost        monitor, when settling               polled by an incarnation that failed in the handler
 * </pre>
 */
public final class Channel {
    private final int id;
    private final String from;
    private final String to;
    private final int capacity;
    private final int slotBytes;
    private final int frameBytes;
    private final MemorySegment region;
    private final NanoClock clock;
    private final SpscVarHandleArrayQueue<Frame> queue;
    private final Frame[] frames;
    final ChannelCounters counters = new ChannelCounters();
    /** The receiving core's doorbell; rung after every commit. Written by the monitor, read by the producer. */
    private volatile Doorbell receiver;
    /**
     * The last sequence number a rewound consumer must replay from its frame before it polls the queue again (0: none
     * yet). Written by the monitor in {@link #rewindConsumer}, read when it binds the next consumer, on its own thread.
     */
    private long replayThrough;

    /**
     * A channel whose frames live in {@code region}, at least {@link FrameDescriptor#regionBytes} long: the
     * channel's part of chip memory.
     */
    public Channel(int id, String from, String to, int capacity, int slotBytes, MemorySegment region, NanoClock clock) {
        String name = from + "->" + to;
        if (capacity < 1) {
            throw new IllegalArgumentException("channel " + name + ": capacity must be positive, not " + capacity);
        }
        if (slotBytes < 0 || slotBytes > FrameDescriptor.MAX_SLOT_BYTES) {
            throw new IllegalArgumentException("channel " + name + ": slot size must be 0.."
                    + FrameDescriptor.MAX_SLOT_BYTES + " bytes, not " + slotBytes);
        }
        long needed = FrameDescriptor.regionBytes(capacity, slotBytes);
        if (needed > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("channel " + name + ": " + capacity + " frames of " + slotBytes
                    + " bytes take " + needed + " bytes, more than a channel's 2 GiB");
        }
        if (region.byteSize() < needed) {
            throw new IllegalArgumentException("channel " + name + ": region of " + region.byteSize()
                    + " bytes is smaller than the " + needed + " its frames take");
        }
        this.id = id;
        this.from = from;
        this.to = to;
        this.capacity = capacity;
        this.slotBytes = slotBytes;
        this.frameBytes = FrameDescriptor.frameBytes(slotBytes);
        this.region = region.asSlice(0, needed);
        this.clock = clock;
        this.queue = new SpscVarHandleArrayQueue<>(capacity);
        this.frames = new Frame[capacity];
        for (int i = 0; i < capacity; i++) {
            frames[i] = new Frame((long) i * frameBytes);
        }
        this.receiver = Doorbell.unattached(clock);
    }

    /** A channel with frames in memory of its own (tests, benchmarks), freed when the channel is unreachable. */
    public static Channel allocate(int id, String from, String to, int capacity, int slotBytes, NanoClock clock) {
        long bytes = Math.max(FrameDescriptor.ALIGNMENT, FrameDescriptor.regionBytes(capacity, Math.max(0, slotBytes)));
        return new Channel(id, from, to, capacity, slotBytes,
                Arena.ofAuto().allocate(bytes, FrameDescriptor.ALIGNMENT), clock);
    }

    /**
     * The heap a channel of {@code capacity} takes beyond its region, measured: at least 32 KiB (what a
     * channel of capacity 1 takes with its ports bound), else a fixed part (counters, the queue's padding,
     * the ports' checksum views) and per message slot its frame token (16 bytes) and its
     * reference, and per slot of the queue (the next power of two) one reference. The
     * config validator checks the sum over all channels against what the JVM can have.
     */
    public static long heapBytes(int capacity) {
        long queueSlots = Long.highestOneBit(Math.max(1, capacity - 1)) << 1;
        return Math.max(32 * 1024, 4 * 1024 + 32L * capacity + 4 * queueSlots);
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

    /** The largest payload of one message. */
    public int slotBytes() {
        return slotBytes;
    }

    int frameBytes() {
        return frameBytes;
    }

    MemorySegment region() {
        return region;
    }

    /** Binds the producer end to one incarnation of the sending sandbox, which its sends are stamped with. */
    public OutPort producer(int senderId, int incarnation, Lease lease) {
        return producer(senderId, incarnation, lease, false);
    }

    /**
     * Binds the producer end to one incarnation of the sending sandbox; {@code holding}: its commits are held until
     * its epoch commits ({@link OutPort#releaseHeld()}), because the sender checkpoints.
     */
    public OutPort producer(int senderId, int incarnation, Lease lease, boolean holding) {
        return new OutPort(this, queue, frames, senderId, incarnation, lease, clock, holding);
    }

    /** Binds the consumer end to one incarnation of the receiving sandbox. */
    public InPort consumer(Lease lease) {
        return consumer(lease, false);
    }

    /**
     * Binds the consumer end to one incarnation of the receiving sandbox; {@code gated}: frames it handles are released
     * only when its epoch commits ({@link InPort#commitConsumed()}), because the receiver checkpoints. It first replays
     * what {@link #rewindConsumer} left to replay.
     */
    public InPort consumer(Lease lease, boolean gated) {
        return new InPort(this, queue, frames, lease, gated, replayThrough);
    }

    // ---- the producer's and monitor's side of held outputs -------------------------------------------------

    /**
     * Publishes the held commits {@code (from, through]}: offers their frames' tokens in order (the queue's release
     * orders their sealed bytes before the receiver's reads), then {@code sent}. Called by the producer's port, or by
     * the monitor for a producer whose lease it revoked ({@link #releaseHeldThrough}): one producer at a time.
     */
    void publishThrough(long from, long through) {
        for (long seq = from + 1; seq <= through; seq++) {
            if (!queue.offer(frames[(int) ((seq - 1) % frames.length)])) {
                throw new IllegalStateException(this + ": queue full below the frame limit"); // cannot happen: see above
            }
        }
        counters.release(ChannelCounters.SENT, through);
    }

    /**
     * Publishes what a failed producer held through {@code seq}, the position its last committed checkpoint recorded:
     * that epoch committed, so its outputs must be seen even though the producer failed before releasing them (a
     * roll-forward). Called by the monitor after revoking the producer's lease and before binding the next; returns
     * how many it published. Frames beyond {@code seq} were of an epoch that never committed: the next producer writes
     * them again.
     */
    public long releaseHeldThrough(long seq) {
        long published = published();
        if (seq <= published) {
            return 0;
        }
        publishThrough(published, seq);
        receiver.ring();
        return seq - published;
    }

    /**
     * Completes the release a failed gated consumer's last committed epoch owed: every message through {@code committed}
     * is released (counted handled). Called by the monitor after revoking the consumer's lease; then either
     * {@link #rewindConsumer} or {@link #settleFailedConsumer}.
     */
    public void commitConsumedThrough(long committed) {
        long released = counters.released();
        if (committed > released) {
            counters.release(ChannelCounters.HANDLED, counters.acquire(ChannelCounters.HANDLED) + committed - released);
        }
    }

    /** The last sequence number published to the receiver (held commits are not). Acquire. */
    public long published() {
        return counters.acquire(ChannelCounters.SENT);
    }

    // ---- the consumer's and monitor's side of replay -------------------------------------------------------

    /**
     * Rewinds the consumer to {@code committed}, the position its last committed checkpoint recorded (the messages it
     * had taken when that epoch committed), so that its next incarnation replays every message taken since: they
     * stay unreleased, so no producer writes their frames, and the next {@link #consumer} reads them again, in order,
     * before polling the queue. If the failed consumer reached its commit but not the release that follows, the
     * release is completed here (as handled). Called by the monitor after revoking the consumer's lease and before
     * binding the next; returns how many will be replayed.
     */
    public long rewindConsumer(long committed) {
        commitConsumedThrough(committed);
        long received = counters.acquire(ChannelCounters.RECEIVED);
        replayThrough = Math.max(received, replayThrough);
        counters.release(ChannelCounters.RECEIVED, committed);
        return replayThrough - committed;
    }

    /**
     * Rings {@code doorbell} after every commit from now on: the receiving core's (the monitor sets it when
     * it starts a receiver incarnation, before that incarnation's first pass).
     */
    public void wakes(Doorbell doorbell) {
        this.receiver = doorbell;
    }

    Doorbell receiver() {
        return receiver;
    }

    /**
     * Called by the monitor after revoking a failed consumer's lease ({@link Lease#revoke()} returns only
     * when none of its port operations is under way) and before binding the next: counts what that
     * incarnation took but never finished handling as lost. Returns how many.
     */
    public long settleFailedConsumer() {
        long unfinished = counters.acquire(ChannelCounters.RECEIVED) - counters.released();
        if (unfinished > 0) {
            counters.release(ChannelCounters.LOST, counters.acquire(ChannelCounters.LOST) + unfinished);
        }
        return Math.max(unfinished, 0);
    }

    public int queued() {
        return queue.size();
    }

    public ChannelStats stats() {
        ChannelCounters c = counters;
        return new ChannelStats(name(), c.acquire(ChannelCounters.SENT), c.acquire(ChannelCounters.REFUSED),
                c.acquire(ChannelCounters.RECEIVED), c.acquire(ChannelCounters.HANDLED),
                c.acquire(ChannelCounters.CORRUPTED), c.acquire(ChannelCounters.LOST), queue.size(),
                c.acquire(ChannelCounters.OUT_OF_SEQUENCE));
    }

    /**
     * The channel as a fault target: a message corruption flips a bit of a message in transit ({@link
     * FrameCorrupter}), which the receiving port's checksum then finds. One per channel, for its life.
     */
    public FrameCorrupter corrupter() {
        return corrupter;
    }

    /** Final, made with the channel (it keeps only the reference): every port's thread sees it. */
    private final FrameCorrupter corrupter = new FrameCorrupter(this);

    @Override
    public String toString() {
        return "channel " + name();
    }
}
