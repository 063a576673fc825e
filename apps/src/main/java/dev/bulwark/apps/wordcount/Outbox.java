package dev.bulwark.apps.wordcount;

import dev.bulwark.ipc.Sender;

import java.util.ArrayDeque;

/**
 * Messages waiting to go out on one channel, in order. A full channel refuses a send; the outbox keeps the
 * message (and everything behind it) for the next {@link #flush}, so nothing is lost, duplicated or
 * reordered however often the channel is full. Its owner calls {@code flush} again on a short timer while
 * {@link #isEmpty()} is false.
 *
 * <p>Not thread-safe: the app's own handlers, on the kernel's core thread.
 */
public final class Outbox {
    private record Pending(int type, byte[] payload) {
    }

    private final Sender channel;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();

    public Outbox(Sender channel) {
        this.channel = channel;
    }

    public Sender channel() {
        return channel;
    }

    /** Queues a message (the payload is kept as is: do not change it afterwards). */
    public void add(int type, byte[] payload) {
        if (payload.length > channel.slotBytes()) {
            throw new IllegalArgumentException("a " + payload.length + "-byte message does not fit the "
                    + channel.slotBytes() + "-byte slots of the channel to " + channel.to());
        }
        pending.add(new Pending(type, payload));
    }

    /**
     * Sends what waits, oldest first, at most {@code budget} messages. Returns true if nothing waits any
     * more, false if the channel refused one or the budget ran out.
     */
    public boolean flush(int budget) {
        for (int sent = 0; sent < budget; sent++) {
            Pending next = pending.peek();
            if (next == null) {
                return true;
            }
            if (!channel.send(next.type(), next.payload())) {
                return false;
            }
            pending.poll();
        }
        return pending.isEmpty();
    }

    public boolean isEmpty() {
        return pending.isEmpty();
    }

    public int size() {
        return pending.size();
    }

    /** Drops everything waiting (a new job makes it stale). */
    public void clear() {
        pending.clear();
    }
}
