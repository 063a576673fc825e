package dev.bulwark.monitor.device;

import dev.bulwark.hw.device.Nic;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The receive half of a wire: hands each connection's frames (OPENED, then its commands, then CLOSED) to the
 * NIC in the order they came off the socket, and holds what the NIC refuses until it takes it.
 *
 * <h2>Nothing accepted is lost or reordered</h2>
 * {@link Nic#deliver} refuses a frame when the receive ring is full or the NIC is stopped. The refused frame
 * is held on its {@link Connection}, the connection joins the backlog (connections with held frames, in the
 * order they were first refused) and stops reading its socket. While the backlog is not empty every new frame,
 * of any connection, is held behind it: held frames go first, oldest connection first, so a connection's
 * frames keep their order and one busy client cannot keep taking the slots another waits for. A scheduled
 * retry (every {@value #FIRST_RETRY_NANOS} ns at first, backing off to {@value #MAX_RETRY_NANOS} ns while the NIC
 * takes nothing) offers the held frames again; a connection whose frames all went in reads again.
 *
 * <p>Threading: the wire's event-loop thread only; it is the NIC's only receive producer.
 */
final class Receiver {
    static final long FIRST_RETRY_NANOS = 200_000;
    static final long MAX_RETRY_NANOS = 1_000_000;

    private final Nic nic;
    private final EventLoop loop;
    private final WireCounters counters;
    private final ArrayDeque<Connection> backlog = new ArrayDeque<>();
    private final Runnable retry = this::retry;
    private boolean retryScheduled;
    private long retryDelay = FIRST_RETRY_NANOS;

    Receiver(Nic nic, EventLoop loop, WireCounters counters) {
        this.nic = nic;
        this.loop = loop;
        this.counters = counters;
    }

    /** A new client connection on {@code channel}: a fresh id, and its OPENED frame. */
    Connection opened(Channel channel) {
        Connection c = new Connection(nic.newConnection(), channel);
        offer(c, Nic.FrameKind.OPENED, null);
        return c;
    }

    /** {@code c}'s socket closed: its CLOSED frame, after everything it sent. */
    void closed(Connection c) {
        c.closing = true;
        offer(c, Nic.FrameKind.CLOSED, null);
    }

    /** Hands {@code c}'s next frame to the NIC, or holds it behind what is already held. */
    void offer(Connection c, Nic.FrameKind kind, byte[] bytes) {
        if (!backlog.isEmpty()) {
            deliverHeld();
        }
        if (backlog.isEmpty()) {
            if (nic.deliver(c.id(), kind, bytes)) {
                counters.delivered++;
                return;
            }
            counters.refused++;
        }
        c.hold(new Connection.HeldFrame(kind, bytes));
        if (!c.inBacklog) {
            c.inBacklog = true;
            backlog.add(c);
            c.reviewReading();
        }
        scheduleRetry();
    }

    /**
     * The wire was reset: {@code c} is being closed and nobody will answer its commands. Drops its held DATA
     * frames (counted), keeping its OPENED and CLOSED, so the NIC still sees every connection open and close.
     */
    void forget(Connection c) {
        counters.receiveDropped += c.dropHeldData();
        if (c.inBacklog && c.holdsNothing()) {
            c.inBacklog = false;
            backlog.remove(c);
        }
    }

    /** Connections with held frames now (event loop only). */
    int heldConnections() {
        return backlog.size();
    }

    private void retry() {
        retryScheduled = false;
        deliverHeld();
        if (!backlog.isEmpty()) {
            scheduleRetry();
        }
    }

    /** Offers the held frames again, oldest connection first, until the NIC refuses one. */
    private void deliverHeld() {
        boolean progress = false;
        while (!backlog.isEmpty()) {
            Connection c = backlog.peek();
            for (Connection.HeldFrame f = c.oldestHeld(); f != null; f = c.oldestHeld()) {
                if (!nic.deliver(c.id(), f.kind(), f.bytes())) {
                    counters.refused++;
                    if (progress) {
                        retryDelay = FIRST_RETRY_NANOS;
                    }
                    return;
                }
                counters.delivered++;
                progress = true;
                c.takeOldestHeld();
            }
            backlog.poll();
            c.inBacklog = false;
            c.reviewReading();
        }
        retryDelay = FIRST_RETRY_NANOS;
    }

    private void scheduleRetry() {
        if (!retryScheduled) {
            retryScheduled = true;
            loop.schedule(retry, retryDelay, TimeUnit.NANOSECONDS);
            retryDelay = Math.min(retryDelay * 2, MAX_RETRY_NANOS);
        }
    }
}
