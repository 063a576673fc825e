package dev.bulwark.ipc.channel;

import dev.bulwark.hw.core.Lease;
import dev.bulwark.hw.core.LeaseRevokedException;
import dev.bulwark.ipc.Message;
import org.jctools.queues.varhandle.SpscVarHandleArrayQueue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;

import static dev.bulwark.ipc.channel.FrameDescriptor.*;

/**
 * The receiving end of a {@link Channel}, bound to one incarnation of the receiving sandbox. Used only
 * by that incarnation's kernel thread: {@link #poll()} a message, hand it to the app, then
 * {@link #handled()}; a message polled but never marked handled when the incarnation fails is counted
 * as lost by the monitor.
 *
 * <p>{@code poll} verifies each frame's checksum before anyone reads it; a frame that fails is counted
 * {@code corrupted}, released, reported ({@link #reportingTo}) and skipped: an app never sees a message that is
 * not what was sent.
 *
 * <h2>Gated: releases wait for the receiver's epoch to commit</h2>
 * A port bound {@code gated} belongs to a receiver that checkpoints: {@link #handled()} and a corrupted frame
 * only count locally, and {@link #commitConsumed()}, called by the kernel once its epoch has committed, publishes
 * them, which frees their frames. Until then the frames of the epoch's inputs stay as they were sent, so a
 * rollback can replay them: a port bound after {@link Channel#rewindConsumer} first reads the frames of the
 * messages its predecessor took after its last committed checkpoint, straight from the region by sequence number
 * (message {@code s} is in frame {@code (s - 1) % capacity}), then polls the queue, whose next token is the first
 * message nobody took.
 */
public final class InPort {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;

    private final Channel channel;
    private final ChannelCounters counters;
    private final SpscVarHandleArrayQueue<Frame> queue;
    private final Lease lease;
    private final MemorySegment region;
    private final FrameSeal seal;
    /** A view of the region, for copying a payload out into a caller's buffer without allocating. */
    private final ByteBuffer copyView;
    private final Reader reader = new Reader();
    private final Frame[] frames;
    private final boolean gated;
    /** The next message to replay from its frame, and the last one (none while {@code replayNext > replayLast}). */
    private long replayNext;
    private final long replayLast;
    /** Handled and corrupted messages not yet published, while gated (plain: this port's own). */
    private long pendingHandled;
    private long pendingCorrupted;

    InPort(Channel channel, SpscVarHandleArrayQueue<Frame> queue, Frame[] frames, Lease lease, boolean gated,
           long replayThrough) {
        this.channel = channel;
        this.counters = channel.counters;
        this.queue = queue;
        this.frames = frames;
        this.lease = lease;
        this.gated = gated;
        this.region = channel.region();
        this.seal = new FrameSeal(region);
        this.copyView = region.asByteBuffer();
        this.replayNext = counters.acquire(ChannelCounters.RECEIVED) + 1;
        this.replayLast = replayThrough;
    }

    /** The messages taken so far on this channel, by any incarnation: the position a checkpoint records. */
    public long consumed() {
        return counters.plain(ChannelCounters.RECEIVED);
    }

    /** How many messages this gated port has handled (or found corrupt) and not yet released. */
    public long uncommittedCount() {
        return pendingHandled + pendingCorrupted;
    }

    /**
     * Publishes what this gated port handled (and found corrupt) since the last call: the receiver's epoch that took
     * them has committed, and their frames are free again. Returns how many. A no-op for a port that is not gated.
     *
     * @throws LeaseRevokedException if this incarnation's lease was revoked: the monitor settles them
     */
    public long commitConsumed() {
        long n = pendingHandled + pendingCorrupted;
        if (n == 0) {
            return 0;
        }
        lease.enter();
        try {
            if (pendingCorrupted > 0) {
                counters.release(ChannelCounters.CORRUPTED, counters.plain(ChannelCounters.CORRUPTED) + pendingCorrupted);
            }
            counters.release(ChannelCounters.HANDLED, counters.plain(ChannelCounters.HANDLED) + pendingHandled);
            pendingHandled = 0;
            pendingCorrupted = 0;
        } finally {
            lease.exit();
        }
        return n;
    }

    /**
     * The next intact message, or null if none is waiting. The message is a read-only view of a channel
     * frame, valid until {@link #handled()}; {@link Message#copy()} keeps it.
     *
     * @throws LeaseRevokedException if this incarnation's lease was revoked
     */
    public Message poll() {
        if (replayNext <= replayLast) {
            Message replayed = replay();
            if (replayed != null) {
                return replayed;
            }
        }
        if (queue.isEmpty()) {
            lease.check();
            return null; // nothing to take: no operation, so no barrier while a receiver polls an empty channel
        }
        lease.enter();
        try {
            for (Frame f; (f = queue.poll()) != null; ) {
                long received = counters.plain(ChannelCounters.RECEIVED) + 1;
                counters.release(ChannelCounters.RECEIVED, received);
                channel.corrupter().strike(region, f.offset); // an injected corruption, if armed: see FrameCorrupter
                if (intact(f.offset)) {
                    return take(f, received);
                }
                corrupted(received);
            }
            return null;
        } finally {
            lease.exit();
        }
    }

    /** The next intact message to replay from its frame, or null once there is none left. */
    private Message replay() {
        lease.enter();
        try {
            while (replayNext <= replayLast) {
                Frame f = frames[(int) ((replayNext++ - 1) % frames.length)];
                long received = counters.plain(ChannelCounters.RECEIVED) + 1;
                counters.release(ChannelCounters.RECEIVED, received);
                if (intact(f.offset)) {
                    return take(f, received);
                }
                corrupted(received);
            }
            return null;
        } finally {
            lease.exit();
        }
    }

    /**
     * Points the reader at intact frame {@code f}, the {@code received}-th message taken on the channel: its sequence
     * number must be {@code received}, else it is counted out of sequence (delivered: the count is an audit, and
     * always 0 while every sender's outputs arrive exactly once, in order).
     */
    private Message take(Frame f, long received) {
        if (region.get(LONG, f.offset + SEQ_AT) != received) {
            counters.release(ChannelCounters.OUT_OF_SEQUENCE, counters.plain(ChannelCounters.OUT_OF_SEQUENCE) + 1);
        }
        reader.base = f.offset;
        reader.length = region.get(INT, f.offset + LENGTH_AT);
        return reader;
    }

    /** The {@code received}-th message taken failed its checksum: counted (at the epoch's commit, if gated), reported. */
    private void corrupted(long received) {
        if (gated) {
            pendingCorrupted++;
        } else {
            counters.release(ChannelCounters.CORRUPTED, counters.plain(ChannelCounters.CORRUPTED) + 1);
        }
        onCorrupt.corrupted(channel, received);
    }

    /** Whether a message is waiting (a look: no lease operation, no barrier). */
    public boolean isEmpty() {
        return replayNext > replayLast && queue.isEmpty();
    }

    /**
     * Marks the last polled message handled: its handler returned, and its frame is free again (a release).
     *
     * @throws LeaseRevokedException if this incarnation's lease was revoked: the monitor has settled the
     *                               message (counted it lost), so it is not counted handled as well
     */
    public void handled() {
        reader.base = -1;
        if (gated) {
            pendingHandled++;
            return;
        }
        lease.enter();
        try {
            counters.release(ChannelCounters.HANDLED, counters.plain(ChannelCounters.HANDLED) + 1);
        } finally {
            lease.exit();
        }
    }

    public Channel channel() {
        return channel;
    }

    /** Whether the frame at {@code at} has a sane length and its checksum matches. */
    private boolean intact(long at) {
        int length = region.get(INT, at + LENGTH_AT);
        if (length < 0 || length > channel.slotBytes()) {
            return false;
        }
        return seal.of(at, length) == region.get(INT, at + CHECKSUM_AT);
    }

    /**
     * Who is told of each corrupt frame this port drops ({@link CorruptFrameListener}); set by the monitor when it
     * binds the port, before the kernel runs. Volatile, so it holds whatever thread then runs the port; read only
     * on the corrupted path.
     */
    private volatile CorruptFrameListener onCorrupt = CorruptFrameListener.NONE;

    /** Reports every frame that fails its checksum to {@code listener} from now on; returns this port. */
    public InPort reportingTo(CorruptFrameListener listener) {
        this.onCorrupt = listener;
        return this;
    }

    /** The port's one view of a polled frame; valid until {@link #handled()}. */
    private final class Reader implements Message {
        long base = -1;
        int length;

        private long header(int field) {
            if (base < 0) {
                throw new IllegalStateException(channel + ": message read after its handler returned; keep copy() instead");
            }
            return base + field;
        }

        private long payload(int at, int size) {
            long start = header(HEADER);
            if (at < 0 || size < 0 || (long) at + size > length) {
                throw new IndexOutOfBoundsException("read of " + size + " bytes at " + at + " of a " + length
                        + "-byte message on " + channel);
            }
            return start + at;
        }

        @Override
        public int type() {
            return region.get(INT, header(TYPE_AT));
        }

        @Override
        public int length() {
            header(LENGTH_AT);
            return length;
        }

        @Override
        public int sender() {
            return region.get(INT, header(SENDER_AT));
        }

        @Override
        public int incarnation() {
            return region.get(INT, header(INCARNATION_AT));
        }

        @Override
        public long seq() {
            return region.get(LONG, header(SEQ_AT));
        }

        @Override
        public long sentNanos() {
            return region.get(LONG, header(SENT_NANOS_AT));
        }

        @Override
        public byte getByte(int at) {
            return region.get(ValueLayout.JAVA_BYTE, payload(at, 1));
        }

        @Override
        public int getInt(int at) {
            return region.get(INT, payload(at, Integer.BYTES));
        }

        @Override
        public long getLong(int at) {
            return region.get(LONG, payload(at, Long.BYTES));
        }

        @Override
        public void getBytes(int at, byte[] dst, int dstOffset, int length) {
            MemorySegment.copy(region, ValueLayout.JAVA_BYTE, payload(at, length), dst, dstOffset, length);
        }

        @Override
        public void getBytes(ByteBuffer dst) {
            int start = (int) payload(0, length);
            dst.put(copyView.clear().position(start).limit(start + length));
        }

        @Override
        public String toString() {
            return base < 0 ? "message (handled)" : copy().toString();
        }
    }
}
