package dev.bulwark.monitor.device;

import dev.bulwark.hw.device.DeviceActivity;
import dev.bulwark.hw.device.Nic;
import dev.bulwark.hw.device.NicWire;
import dev.bulwark.hw.event.EventSink;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.redis.RedisDecoder;
import io.netty.util.collection.LongObjectHashMap;
import io.netty.util.collection.LongObjectMap;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Nic}'s wire side for protocol {@code resp}: a Netty server on a real TCP socket that speaks RESP
 * with {@code netty-codec-redis}, turning each client command into a {@link dev.bulwark.sandbox.app.RespFrame}
 * on the NIC's receive ring and writing the bytes the driver puts on its transmit ring back to the client.
 *
 * <h2>One thread</h2>
 * The wire has exactly one thread, a Netty event loop named {@code nic-<device>}: it accepts connections,
 * runs every connection's pipeline, delivers received frames ({@link Receiver}), takes and writes transmit
 * frames ({@link Transmitter}) and runs {@link #reset}. So it is the NIC's only receive producer and only
 * transmit consumer, as the NIC's SPSC rings require, and everything the wire keeps (the connection map,
 * each {@link Connection}, the backlog of refused frames) is confined to it and needs no lock. Other threads
 * only hand it tasks: {@link #transmitReady} and {@link #reset} (the kernel's or the monitor's thread).
 * The thread moves bytes and nothing else: it never runs app code and never waits on a core.
 *
 * <h2>Pipeline of a client connection</h2>
 * {@link RedisDecoder} (netty-codec-redis's RESP parser, inline commands on) → {@link CommandAssembler} (whole
 * commands, Redis's limits; it replaces Netty's aggregators, which leak and over-allocate: see there) →
 * {@link CommandHandler}. Replies go out as the raw bytes the driver wrote
 * (the app encodes RESP itself): no encoder.
 *
 * <h2>Reset</h2>
 * A reset (a new incarnation of the NIC's owner attaches) closes every connection open at that moment, drops
 * their held commands and every frame queued to transmit, but keeps their OPENED and CLOSED frames: the NIC
 * sees every connection it was told of close. The NIC drains its receive ring before it asks the wire to
 * reset, and the wire resets on its own thread a moment later, so frames of the old connections received
 * in between reach the new incarnation: a driver must ignore frames of a connection whose OPENED it never saw.
 *
 * <p>Lifecycle: construct, {@link #start} once, then {@link #close} (idempotent).
 */
public final class RespWire implements NicWire {
    /** The largest command the wire takes (its arguments' bytes): one command is one frame in memory. */
    public static final long MAX_COMMAND_BYTES = 64L << 20;

    private final Nic nic;
    private final String host;
    private final int port;
    private final EventSink events;
    private final EventLoopGroup group;
    private final EventLoop loop;
    private final WireCounters counters = new WireCounters();
    private final LongObjectMap<Connection> connections = new LongObjectHashMap<>();
    private final Receiver receiver;
    private final Transmitter transmitter;
    private volatile Channel server;
    private volatile InetSocketAddress address;

    /**
     * A wire for {@code nic} that will listen on {@code host}:{@code port} (port 0: any free port). It is
     * connected to the NIC ({@link Nic#wire}) here; it listens from {@link #start}.
     */
    public RespWire(Nic nic, String host, int port, EventSink events) {
        this.nic = nic;
        this.host = host;
        this.port = port;
        this.events = events;
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("nic-" + nic.name(), true),
                NioIoHandler.newFactory());
        this.loop = group.next();
        this.receiver = new Receiver(nic, loop, counters);
        this.transmitter = new Transmitter(nic, loop, connections, counters);
    }

    /**
     * Binds and starts accepting clients; records {@link DeviceActivity.Listening}.
     *
     * @throws WireBindException naming the device, host and port, if the wire cannot listen there (the wire
     *                           is then closed)
     */
    public void start() {
        if (server != null) {
            throw new IllegalStateException("NIC " + nic.name() + "'s wire is already started");
        }
        InetSocketAddress at = resolve();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group, group) // one loop accepts and serves every connection: see the class comment
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(handlers(
                                new CommandHandler(receiver, connections, counters, RespWire.this::wireFault)));
                    }
                });
        ChannelFuture bound = bootstrap.bind(at).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            close();
            Throwable cause = bound.cause();
            String why = cause == null ? "bind failed" : cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            throw new WireBindException(nic.name(), host, port, why, cause);
        }
        server = bound.channel();
        address = (InetSocketAddress) server.localAddress();
        String where = hostText(address) + ":" + address.getPort();
        nic.wire(this, where);
        events.record(nanos -> new DeviceActivity.Listening(nanos, nic.name(), where));
    }

    /** A client connection's pipeline, ending in {@code last} (see the class comment). */
    static ChannelHandler[] handlers(CommandHandler last) {
        return new ChannelHandler[] {
                new RedisDecoder(true),
                new CommandAssembler(MAX_COMMAND_BYTES),
                last};
    }

    private InetSocketAddress resolve() {
        InetSocketAddress at;
        try {
            at = new InetSocketAddress(host, port);
        } catch (IllegalArgumentException e) { // port out of range, null host
            close();
            throw new WireBindException(nic.name(), host, port, e.getMessage(), e);
        }
        if (at.isUnresolved()) {
            close();
            throw new WireBindException(nic.name(), host, port, "unknown host " + host, null);
        }
        return at;
    }

    private static String hostText(InetSocketAddress a) {
        String h = a.getAddress().getHostAddress();
        return a.getAddress() instanceof Inet6Address ? "[" + h + "]" : h;
    }

    /** Where the wire listens (the port chosen, if it was 0); null before {@link #start}. */
    public InetSocketAddress address() {
        return address;
    }

    /** What the wire has counted so far. */
    public WireStats stats() {
        return counters.snapshot();
    }

    @Override
    public void transmitReady() {
        transmitter.ready();
    }

    @Override
    public void reset() {
        runOnLoop(this::resetOnLoop);
    }

    private void resetOnLoop() {
        List<Connection> open = new ArrayList<>(connections.values());
        for (Connection c : open) {
            receiver.forget(c);
            c.closing = true;
            c.channel().close();
        }
        transmitter.dropQueued();
    }

    /**
     * Stops listening, closes every connection (their CLOSED frames go to the NIC if it takes them at once)
     * and stops the wire's thread; waits for that (a few seconds at most).
     */
    @Override
    public void close() {
        Channel s = server;
        if (s != null) {
            s.close().awaitUninterruptibly();
        }
        Future<?> done = group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        done.awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /**
     * Runs {@code task} on the wire's thread and waits for it: for tests, which look at state the thread
     * owns. Not for the monitor or kernels (they must not wait on the wire).
     */
    <T> T onLoop(java.util.concurrent.Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                result.complete(task.call());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether connection {@code id} is open and reading from its socket (the wire's thread's view; for tests). */
    boolean reading(long id) {
        return onLoop(() -> connections.get(id) != null && connections.get(id).channel().config().isAutoRead());
    }

    /** Connections with received frames the NIC has not taken yet (the wire's thread's view; for tests). */
    int heldConnections() {
        return onLoop(receiver::heldConnections);
    }

    private void runOnLoop(Runnable task) {
        try {
            loop.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // the wire is closed: nothing is open to reset
        }
    }

    private void wireFault(Throwable cause) {
        String what = cause.getClass().getSimpleName() + ": " + CommandHandler.describe(cause);
        events.record(nanos -> new DeviceActivity.WireFault(nanos, nic.name(), what));
    }
}
