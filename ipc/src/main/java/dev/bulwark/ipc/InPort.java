package dev.bulwark.ipc;

import org.jctools.queues.varhandle.SpscVarHandleArrayQueue;

/**
 * The receiving end of a {@link Channel}, bound to one incarnation of the receiving sandbox. Used only
 * by that incarnation's kernel thread: {@link #poll()} a message, hand it to the app, then
 * {@link #handled()}; a message polled but never marked handled when the incarnation fails is counted
 * as lost by the monitor.
 */
public final class InPort {
    private final Channel channel;
    private final SpscVarHandleArrayQueue<Frame> queue;
    private final Lease lease;

    InPort(Channel channel, SpscVarHandleArrayQueue<Frame> queue, Lease lease) {
        this.channel = channel;
        this.queue = queue;
        this.lease = lease;
    }

    /**
     * The next message, or null if none is waiting. The message is a view of a channel frame, valid
     * until {@link #handled()}; use {@link Message#copy()} to keep it.
     *
     * @throws LeaseRevokedException if this incarnation's lease was revoked
     */
    public Message poll() {
        if (queue.isEmpty()) {
            lease.check();
            return null; // nothing to take: no operation, so no barrier while a receiver polls an empty channel
        }
        lease.enter();
        try {
            Frame m = queue.poll();
            if (m != null) {
                channel.received.lazySet(channel.received.get() + 1);
            }
            return m;
        } finally {
            lease.exit();
        }
    }

    /**
     * Marks the last polled message handled: its handler returned, and its frame is free again (a release).
     *
     * @throws LeaseRevokedException if this incarnation's lease was revoked: the monitor has settled the
     *                               message (counted it lost), so it is not counted handled as well
     */
    public void handled() {
        lease.enter();
        try {
            channel.handled.lazySet(channel.handled.get() + 1);
        } finally {
            lease.exit();
        }
    }

    public Channel channel() {
        return channel;
    }
}
