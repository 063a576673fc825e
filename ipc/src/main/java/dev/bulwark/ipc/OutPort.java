package dev.bulwark.ipc;

import dev.bulwark.hw.clock.NanoClock;
import org.jctools.queues.varhandle.SpscVarHandleArrayQueue;

/**
 * The sending end of a {@link Channel}, bound to one incarnation of the sending sandbox. Used only by
 * that incarnation's kernel thread. The kernel, not the app, stamps sender, incarnation and sequence.
 */
public final class OutPort {
    private final Channel channel;
    private final SpscVarHandleArrayQueue<Message> queue;
    private final int senderId;
    private final int incarnation;
    private final Lease lease;
    private final NanoClock clock;

    OutPort(Channel channel, SpscVarHandleArrayQueue<Message> queue, int senderId, int incarnation, Lease lease, NanoClock clock) {
        this.channel = channel;
        this.queue = queue;
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
     * Sends one message. Returns false, and counts the refusal, if the channel is full.
     *
     * @throws LeaseRevokedException if this incarnation's lease was revoked
     */
    public boolean send(int type, long a, long b) {
        lease.check();
        long seq = channel.sent.get() + 1;
        if (queue.offer(new Message(type, senderId, incarnation, seq, clock.nanoTime(), a, b))) {
            channel.sent.lazySet(seq);
            return true;
        }
        channel.refused.lazySet(channel.refused.get() + 1);
        return false;
    }

    public Channel channel() {
        return channel;
    }
}
