package dev.bulwark.ipc.channel;

import dev.bulwark.hw.core.Lease;
import dev.bulwark.hw.core.LeaseRevokedException;
import dev.bulwark.hw.clock.NanoClock;
import dev.bulwark.ipc.Claim;
import dev.bulwark.ipc.PayloadTooLargeException;
import dev.bulwark.ipc.Sender;
import org.jctools.queues.varhandle.SpscVarHandleArrayQueue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static dev.bulwark.ipc.channel.FrameDescriptor.*;

/**
 * The sending end of a {@link Channel}, bound to one incarnation of the sending sandbox; what its app
 * holds as a {@link Sender}. Used only by that incarnation's kernel thread. The port, not the app, stamps
 * sender, incarnation, sequence number, send time and checksum.
 *
 * <h2>Claim, write, commit</h2>
 * {@link #claim} reserves nothing shared: the next frame already belongs to the producer (see
 * {@link Channel}), so a claim only points the port's one {@link Writer} at it, and an abandoned claim
 * leaves no trace. {@link Writer#commit()} does the one shared step, inside the lease: stamp and seal the
 * header, offer the frame's token to the queue (a release), publish {@code sent} (a release), then ring
 * the receiver's doorbell (a fence, and an unpark only if the receiver sleeps).
 *
 * <h2>Held outputs (output commit)</h2>
 * A port bound {@code holding} belongs to a sandbox that checkpoints in epochs (Cuju, Remus): its commits stamp
 * and seal frames but publish nothing, so the receiver cannot see them; {@link #releaseHeld()}, called by the
 * sender's kernel once the epoch that produced them has committed, offers their tokens in order and publishes
 * {@code sent} then. A held frame occupies its slot like a queued one (the free-frame rule counts it unreleased),
 * and if the sender fails first its successor starts from the published {@code sent}: the held frames are simply
 * written again, so an output of an epoch that never committed is never observed by anyone.
 * <pre>
 *   seq:  ... [ published: queued or taken ][ held: sealed, unpublished ][ free ] ...
 *                                           ^ counters.SENT               ^ this.sent (written())
 * </pre>
 *
 * <p>A zombie (an incarnation whose lease was revoked) can still write payload bytes between its last
 * lease check and its end, into the frame its successor will claim next; the successor's commit seals
 * only what the successor wrote, so such a write shows as a checksum failure at the receiver, counted
 * {@code corrupted}, never as a wrong message handed to an app.
 */
public final class OutPort implements Sender {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;

    private final Channel channel;
    private final ChannelCounters counters;
    private final SpscVarHandleArrayQueue<Frame> queue;
    private final Frame[] frames;
    private final MemorySegment region;
    private final FrameSeal seal;
    private final int senderId;
    private final int incarnation;
    private final Lease lease;
    private final NanoClock clock;
    private final Writer writer = new Writer();
    /** Whether commits are held until {@link #releaseHeld()} (the sender checkpoints). */
    private final boolean holding;
    /** Messages committed on this channel, by any incarnation, held ones included: the producer's own count (plain). */
    private long sent;
    /** The last sequence number published to the receiver; {@code sent} unless holding (plain). */
    private long published;
    /** The highest sequence number known to have a free frame; refreshed from the channel when reached. */
    private long sendLimit;

    OutPort(Channel channel, SpscVarHandleArrayQueue<Frame> queue, Frame[] frames, int senderId, int incarnation,
            Lease lease, NanoClock clock, boolean holding) {
        this.channel = channel;
        this.counters = channel.counters;
        this.queue = queue;
        this.frames = frames;
        this.region = channel.region();
        this.seal = new FrameSeal(region);
        this.senderId = senderId;
        this.incarnation = incarnation;
        this.lease = lease;
        this.clock = clock;
        this.holding = holding;
        this.sent = counters.acquire(ChannelCounters.SENT);
        this.published = sent;
    }

    /** The last sequence number this port has committed, held ones included: the position a checkpoint records. */
    public long written() {
        return sent;
    }

    /** How many commits wait to be released. */
    public long heldCount() {
        return sent - published;
    }

    /**
     * Publishes every held commit, in order, and rings the receiver once if there was any: the sender's epoch
     * that produced them has committed. Returns how many. A no-op for a port that does not hold.
     *
     * @throws LeaseRevokedException if this incarnation's lease was revoked: the monitor settles what is held
     */
    public int releaseHeld() {
        int released = (int) (sent - published);
        if (released == 0) {
            return 0;
        }
        lease.enter();
        try {
            channel.publishThrough(published, sent);
            published = sent;
        } finally {
            lease.exit();
        }
        channel.receiver().ring();
        return released;
    }

    @Override
    public String to() {
        return channel.to();
    }

    @Override
    public int slotBytes() {
        return channel.slotBytes();
    }

    /**
     * @throws LeaseRevokedException if this incarnation's lease was revoked
     */
    @Override
    public Claim claim(int type) {
        lease.check();
        long seq = sent + 1;
        if (seq > sendLimit) {
            sendLimit = counters.released() + frames.length;
            if (seq > sendLimit) {
                counters.release(ChannelCounters.REFUSED, counters.plain(ChannelCounters.REFUSED) + 1);
                writer.close();
                return null;
            }
        }
        writer.open(type, seq, frames[(int) ((seq - 1) % frames.length)]);
        return writer;
    }

    @Override
    public boolean send(int type, byte[] payload, int offset, int length) {
        if (length > channel.slotBytes()) {
            throw new PayloadTooLargeException(channel.name(), length, channel.slotBytes());
        }
        Claim claim = claim(type);
        if (claim == null) {
            return false;
        }
        claim.putBytes(0, payload, offset, length);
        claim.commit();
        return true;
    }

    public Channel channel() {
        return channel;
    }

    /** The port's one claim: a cursor into the frame it points at; open between claim and commit/abort. */
    private final class Writer implements Claim {
        private Frame frame;
        private long base = -1;
        private long seq;
        private int type;
        private int length;

        void open(int type, long seq, Frame frame) {
            this.frame = frame;
            this.base = frame.offset;
            this.seq = seq;
            this.type = type;
            this.length = 0;
        }

        void close() {
            frame = null;
            base = -1;
        }

        /** The payload offset of {@code [at, at + size)}, after checking it fits the slot. */
        private long reserve(int at, int size) {
            if (base < 0) {
                throw new IllegalStateException(channel + ": no open claim (committed or aborted already)");
            }
            long end = (long) at + size;
            if (at < 0 || size < 0) {
                throw new IndexOutOfBoundsException(channel + ": write of " + size + " bytes at " + at);
            }
            if (end > channel.slotBytes()) {
                throw new PayloadTooLargeException(channel.name(), end, channel.slotBytes());
            }
            if (end > length) {
                length = (int) end;
            }
            return base + HEADER + at;
        }

        @Override
        public int capacity() {
            return channel.slotBytes();
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public Claim putByte(int at, byte value) {
            region.set(ValueLayout.JAVA_BYTE, reserve(at, 1), value);
            return this;
        }

        @Override
        public Claim putInt(int at, int value) {
            region.set(INT, reserve(at, Integer.BYTES), value);
            return this;
        }

        @Override
        public Claim putLong(int at, long value) {
            region.set(LONG, reserve(at, Long.BYTES), value);
            return this;
        }

        @Override
        public Claim putBytes(int at, byte[] src, int srcOffset, int length) {
            long offset = reserve(at, length);
            MemorySegment.copy(src, srcOffset, region, ValueLayout.JAVA_BYTE, offset, length);
            return this;
        }

        /**
         * @throws LeaseRevokedException if this incarnation's lease was revoked: nothing was published
         */
        @Override
        public void commit() {
            if (base < 0) {
                throw new IllegalStateException(channel + ": no open claim to commit");
            }
            lease.enter();
            try {
                long at = base;
                region.set(INT, at + TYPE_AT, type);
                region.set(INT, at + LENGTH_AT, length);
                region.set(INT, at + SENDER_AT, senderId);
                region.set(INT, at + INCARNATION_AT, incarnation);
                region.set(INT, at + INCARNATION_AT + 4, 0);
                region.set(LONG, at + SEQ_AT, seq);
                region.set(LONG, at + SENT_NANOS_AT, clock.nanoTime());
                region.set(INT, at + CHECKSUM_AT, seal.of(at, length));
                sent = seq;
                if (!holding) {
                    if (!queue.offer(frame)) {
                        throw new IllegalStateException(channel + ": queue full below the frame limit"); // cannot happen: see Channel
                    }
                    published = seq;
                    counters.release(ChannelCounters.SENT, seq);
                }
            } finally {
                close();
                lease.exit();
            }
            if (!holding) {
                channel.receiver().ring();
            }
        }

        @Override
        public void abort() {
            close();
        }
    }
}
