package dev.bulwark.monitor.device;

import dev.bulwark.hw.device.Nic;
import dev.bulwark.hw.fault.Fault;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoop;
import io.netty.util.collection.LongObjectMap;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The transmit half of a wire: takes the frames the driver queued on the NIC's transmit ring and writes each
 * to its connection's socket, or closes the connection once what was written before is sent.
 *
 * <h2>One drain at a time, and none missed</h2>
 * {@link #ready} (the driver's thread) schedules one {@link #drain} on the event loop unless one is pending
 * already: a load when it is, a CAS and a task when not. The drain clears the pending flag <em>before</em> it
 * takes frames, so a frame queued after its last take finds the flag clear and schedules the next drain. A
 * drain takes at most {@value #FRAMES_PER_DRAIN} frames, flushes, and schedules itself again if it stopped
 * there, so reads are not starved by a driver that transmits without pause.
 *
 * <h2>Slow readers</h2>
 * A client that does not read its replies fills its socket and then Netty's output buffer; past the buffer's
 * high-water mark the channel turns unwritable and the {@link Connection} stops reading it (no new commands
 * from it, so no new replies for it). What the driver still sends it is buffered; if a connection's unsent
 * output would pass {@link #MAX_OUTPUT_BYTES}, the connection is closed and counted (as Redis closes a client
 * over its output-buffer limit). Other connections are never held up by a slow one.
 *
 * <p>A stopped NIC ({@code STOP}) gives no frames; while it has some queued, the drain looks again every
 * {@value #STOPPED_RETRY_NANOS} ns, so they go out once the NIC moves again (an attach clears the failure
 * without telling the wire).
 *
 * <p>Threading: {@link #ready} on any thread; everything else on the wire's event-loop thread, which is the
 * NIC's only transmit consumer.
 */
final class Transmitter {
    /** The unsent output a connection may have before it is closed: 32 MiB. */
    static final long MAX_OUTPUT_BYTES = 32L << 20;
    static final int FRAMES_PER_DRAIN = 4096;
    /** How often a drain looks again at a stopped NIC with frames queued. */
    static final long STOPPED_RETRY_NANOS = 1_000_000;

    private final Nic nic;
    private final EventLoop loop;
    private final LongObjectMap<Connection> connections;
    private final WireCounters counters;
    private final AtomicBoolean drainPending = new AtomicBoolean();
    private final List<Connection> written = new ArrayList<>();
    private final Runnable drain = this::drain;

    Transmitter(Nic nic, EventLoop loop, LongObjectMap<Connection> connections, WireCounters counters) {
        this.nic = nic;
        this.loop = loop;
        this.connections = connections;
        this.counters = counters;
    }

    /** The driver queued frames: drain them soon on the event loop. Any thread; never blocks. */
    void ready() {
        if (!drainPending.get() && drainPending.compareAndSet(false, true)) {
            try {
                loop.execute(drain);
            } catch (RejectedExecutionException closed) {
                // the wire is closed: nothing will be written any more
            }
        }
    }

    /** Takes and drops every frame queued now (a reset); returns how many. Event loop only. */
    int dropQueued() {
        int dropped = 0;
        while (nic.takeTransmit() != null) {
            dropped++;
        }
        counters.transmitDropped += dropped;
        return dropped;
    }

    private void drain() {
        drainPending.set(false); // before the first take: see the class comment
        int taken = 0;
        Nic.TxFrame f;
        while (taken < FRAMES_PER_DRAIN && (f = nic.takeTransmit()) != null) {
            taken++;
            Connection c = connections.get(f.connection());
            if (c == null || c.closing) {
                counters.transmitDropped++;
            } else if (f.bytes() == null) {
                counters.transmitted++;
                closeAfterWrites(c);
            } else {
                counters.transmitted++;
                write(c, f.bytes());
            }
        }
        for (Connection c : written) {
            c.flushDue = false;
            if (!c.closing) {
                c.channel().flush();
            }
        }
        written.clear();
        if (taken == FRAMES_PER_DRAIN) { // maybe more: go on after what else waits on the loop
            ready();
        } else if (taken == 0 && nic.failure() == Fault.DeviceMode.STOP && nic.transmitQueued() > 0) {
            // A stopped NIC gives nothing, and nobody tells the wire when it moves again: look again later.
            loop.schedule(this::ready, STOPPED_RETRY_NANOS, TimeUnit.NANOSECONDS);
        }
    }

    private void write(Connection c, byte[] bytes) {
        ChannelOutboundBuffer unsent = c.channel().unsafe().outboundBuffer();
        if (unsent == null) { // closed under us
            counters.transmitDropped++;
            return;
        }
        if (unsent.totalPendingWriteBytes() + bytes.length > MAX_OUTPUT_BYTES) {
            counters.outputOverflows++;
            c.closing = true;
            c.channel().close();
            return;
        }
        c.channel().write(Unpooled.wrappedBuffer(bytes), c.channel().voidPromise());
        if (!c.flushDue) {
            c.flushDue = true;
            written.add(c);
        }
    }

    /** The driver closes {@code c}: after what was written to it before is sent (a close now would drop it). */
    private void closeAfterWrites(Connection c) {
        c.closing = true;
        c.reviewReading();
        c.channel().writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
}
