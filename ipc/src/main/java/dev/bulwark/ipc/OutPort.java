package dev.bulwark.ipc;

import dev.bulwark.hw.clock.NanoClock;
import org.jctools.queues.varhandle.SpscVarHandleArrayQueue;

/**
 * The sending end of a {@link Channel}, bound to one incarnation of the sending sandbox. Used only by
 * that incarnation's kernel thread. The kernel, not the app, stamps sender, incarnation and sequence.
 */
public final class OutPort {
    private final Channel channel;
    private final SpscVarHandleArrayQueue<Frame> queue;
    private final Frame[] frames;
    private final int senderId;
    private final int incarnation;
    private final Lease lease;
    private final NanoClock clock;
    /** The highest sequence number known to have a free frame; refreshed from the channel when reached. */
    private long sendLimit;

    OutPort(Channel channel, SpscVarHandleArrayQueue<Frame> queue, Frame[] frames, int senderId, int incarnation,
            Lease lease, NanoClock clock) {
        this.channel = channel;
        this.queue = queue;
        this.frames = frames;
        this.senderId = senderId;
        this.incarnation = incarnation;
        this.lease = lease;
        this.clock = clock;
    }

    /** The receiving sandbox's name. */
    public String to() {
        return channel.to();
    }

    /**
     * Sends one message, copying it into the channel's next frame; allocates nothing. Returns false, and
     * counts the refusal, if the channel is full.
     *
     * @throws LeaseRevokedException if this incarnation's lease was revoked
     */
    public boolean send(int type, long a, long b) {
        lease.enter();
        try {
            long seq = channel.sent.get() + 1;
            if (seq > sendLimit) {
                sendLimit = channel.released() + frames.length;
                if (seq > sendLimit) {
                    channel.refused.lazySet(channel.refused.get() + 1);
                    return false;
                }
            }
            Frame frame = frames[(int) ((seq - 1) % frames.length)];
            frame.write(type, senderId, incarnation, seq, clock.nanoTime(), a, b);
            if (!queue.offer(frame)) {
                throw new IllegalStateException(channel + ": queue full below the frame limit"); // cannot happen: see Channel
            }
            channel.sent.lazySet(seq);
            return true;
        } finally {
            lease.exit();
        }
    }

    public Channel channel() {
        return channel;
    }
}
