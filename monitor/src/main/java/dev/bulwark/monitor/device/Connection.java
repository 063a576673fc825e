package dev.bulwark.monitor.device;

import dev.bulwark.hw.device.Nic;
import io.netty.channel.Channel;

import java.util.ArrayDeque;

/**
 * One client connection as the wire sees it: its NIC connection id, its channel, and the received frames
 * the NIC has refused so far (held, oldest first, until it takes them).
 *
 * <p>Threading: owned by the wire's event-loop thread; every field is read and written there only.
 *
 * <p>Reading: the channel reads from its socket only while nothing of it is held, its output is below
 * Netty's high-water mark, and it is not closing ({@link #reviewReading}). That is the wire's backpressure
 * both ways: a full receive ring or a client that does not read its replies stops the reading of that
 * client's socket (TCP then stops the client), so neither held frames nor queued output grow past what one
 * read brought in.
 */
final class Connection {
    /** A received frame the NIC refused (ring full, or stopped), kept for the next try. */
    record HeldFrame(Nic.FrameKind kind, byte[] bytes) {
    }

    private final long id;
    private final Channel channel;
    private final ArrayDeque<HeldFrame> held = new ArrayDeque<>();
    /** Whether it waits in the receive backlog (it has held frames). */
    boolean inBacklog;
    /** Whether the current transmit drain wrote to it without flushing yet. */
    boolean flushDue;
    /** The driver asked to close it, a protocol error closes it, or it is closed: nothing more is read or written. */
    boolean closing;

    Connection(long id, Channel channel) {
        this.id = id;
        this.channel = channel;
    }

    long id() {
        return id;
    }

    Channel channel() {
        return channel;
    }

    void hold(HeldFrame frame) {
        held.add(frame);
    }

    HeldFrame oldestHeld() {
        return held.peek();
    }

    void takeOldestHeld() {
        held.poll();
    }

    boolean holdsNothing() {
        return held.isEmpty();
    }

    /** Drops the held DATA frames (a reset: nobody will answer them), keeping OPENED and CLOSED; returns how many. */
    int dropHeldData() {
        int before = held.size();
        held.removeIf(f -> f.kind() == Nic.FrameKind.DATA);
        return before - held.size();
    }

    /** Starts or stops reading from the socket as the rules in the class comment say. */
    void reviewReading() {
        boolean read = held.isEmpty() && !closing && channel.isWritable();
        if (channel.config().isAutoRead() != read) {
            channel.config().setAutoRead(read);
        }
    }
}
