package dev.bulwark.apps.kv;

import dev.bulwark.ipc.Message;
import dev.bulwark.ipc.Sender;
import dev.bulwark.sandbox.app.App;
import dev.bulwark.sandbox.app.AppCheck;
import dev.bulwark.sandbox.app.AppContext;
import dev.bulwark.sandbox.app.AppDescriptor;
import dev.bulwark.sandbox.app.AppParam;
import dev.bulwark.sandbox.app.AppParams;
import dev.bulwark.sandbox.app.DeviceEvent;
import dev.bulwark.sandbox.app.NicPort;
import dev.bulwark.sandbox.app.RespFrame;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The front of the Redis-compatible sharded KV store: it owns the NIC (protocol {@code resp}), takes each
 * client command from it, routes it by key to the shard sandboxes ({@link KeyRouter}: Redis Cluster's CRC16
 * key slot mod the number of shards), and writes the replies back to each connection in command order, with
 * many commands of a connection in flight at once (pipelining). {@link FrontCommands} says what each command
 * does.
 *
 * <h2>Batching</h2>
 * Request records for a shard collect in its outbox while the kernel delivers NIC frames, and go out on a
 * zero-delay timer (the kernel's next pass), many to a channel message; replies collect in each connection's
 * output and go to the NIC once per connection per pass. A full channel or transmit ring keeps what it
 * refused, in order, and the flush is retried shortly: an accepted command is never dropped.
 *
 * <h2>Shard recovery rule</h2>
 * A shard's channels survive its restart; what a failed incarnation had taken from its inbound channel, or
 * had not yet sent back, is gone. The front therefore settles every request by one of:
 * <ul>
 *   <li>its reply (from whichever incarnation answered it);</li>
 *   <li>a reply to a later request of the same shard: channels are FIFO and a shard answers every request
 *       it takes, in order, so an unanswered request before an answered one was taken by an incarnation
 *       (or app instance) that died. When a reply comes from an incarnation newer than the last one seen,
 *       this is the usual case. Such a command gets, at once,
 *       {@code -TRYAGAIN shard kv-1 restarted (now incarnation 2) before answering; the command may or may
 *       not have been applied};</li>
 *   <li>its deadline ({@code timeout}, default 2s): {@code -TRYAGAIN shard kv-1 did not answer within 2s (it
 *       may be recovering); the command may or may not have been applied}.</li>
 * </ul>
 * So a command to a recovering shard waits at most {@code timeout} and then gets an error saying so; never a
 * hang, never a wrong value: a late reply, after its command got an error, is dropped. Requests that wait in
 * the channel while the shard restarts are served by the new incarnation. A shard restarted from its
 * pristine image has lost its keys (GET answers nil, INCR starts from 0): that is what a restart from
 * pristine means; a scheme that keeps the partition keeps them ({@link ShardTable} lives in it).
 *
 * <h2>Its own restarts</h2>
 * The front's bookkeeping is heap state. A new app instance (after the old one threw) closes the client
 * connections the old one had open ({@link ConnectionRegistry}, in its memory), since their commands in
 * flight are lost, and starts its request seqs at its clock's now, so replies meant for the old instance
 * match nothing and are dropped. A kernel restart resets the NIC, which closes every connection.
 *
 * <p>Threading: all on the front's kernel thread, like every app.
 */
public final class KvFront implements App {
    public static final String NAME = "kv-front";

    static final long FLUSH = 1;
    static final long EXPIRE = 2;
    static final long RETRY = 3;
    static final long RETRY_NANOS = 50_000;
    static final String DEFAULT_TIMEOUT = "2s";
    private static final Pattern SANDBOX_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");
    private static final byte[] TOO_MANY_CLIENTS = "-ERR max number of clients reached\r\n".getBytes(StandardCharsets.US_ASCII);

    /** The front as a chip knows it. */
    public static final AppDescriptor DESCRIPTOR = AppDescriptor.of(NAME,
                    "The front of the Redis-compatible sharded KV store: serves RESP clients on a NIC, routes by key to kv-shard sandboxes.",
                    KvFront::create)
            .withParams(
                    AppParam.required("nic", AppParam.Kind.DEVICE, "the NIC (protocol resp) clients connect to"),
                    AppParam.required("shards", AppParam.Kind.TEXT,
                            "the kv-shard sandboxes, comma-separated; each needs a channel from this sandbox and one back"),
                    AppParam.optional("timeout", AppParam.Kind.TEXT,
                            "how long a command waits for its shard before an error, e.g. 2s (the default) or 500ms"),
                    AppParam.optional("console", AppParam.Kind.DEVICE, "a console to print where the store listens"))
            .withState(ConnectionRegistry::describe)
            .withCheck(KvFront::checkShards);

    private final String nicName;
    private final List<String> shardNames;
    private final long timeoutNanos;
    private final String timeoutText;
    private final String consoleName;

    private NicPort nic;
    private ShardLink[] links;
    private FrontCommands commands;
    private FrontCounters counters;
    private ConnectionRegistry registry;
    private final ConnectionMap connections = new ConnectionMap();
    private final List<ClientConnection> withOutput = new ArrayList<>();
    private final List<ClientConnection> again = new ArrayList<>();
    private final List<Long> toClose = new ArrayList<>();
    private boolean flushSet;
    private boolean retrySet;
    private long expirePeriod;

    private KvFront(String nicName, List<String> shardNames, long timeoutNanos, String timeoutText, String consoleName) {
        this.nicName = nicName;
        this.shardNames = shardNames;
        this.timeoutNanos = timeoutNanos;
        this.timeoutText = timeoutText;
        this.consoleName = consoleName;
    }

    static App create(Map<String, String> params) {
        AppParams p = AppParams.read(DESCRIPTOR, params);
        String timeout = p.text("timeout") == null ? DEFAULT_TIMEOUT : p.text("timeout").trim();
        return new KvFront(p.text("nic"), shardList(p.text("shards")), Durations.parse(timeout, "timeout"), timeout,
                p.text("console"));
    }

    /**
     * The shard names in {@code text}, in order.
     *
     * @throws IllegalArgumentException naming an empty, malformed or repeated name
     */
    static List<String> shardList(String text) {
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String raw : text.split(",", -1)) {
            String name = raw.trim();
            if (name.isEmpty()) {
                throw new IllegalArgumentException("parameter 'shards' has an empty name in '" + text
                        + "' (give sandbox names separated by commas)");
            }
            if (!SANDBOX_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("parameter 'shards' names '" + name + "', which is not a sandbox name");
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException("parameter 'shards' names '" + name + "' twice");
            }
            names.add(name);
        }
        if (names.size() > 0xffff) {
            throw new IllegalArgumentException("parameter 'shards' names " + names.size() + " shards; at most 65535");
        }
        return names;
    }

    /**
     * Rules across the fronts of a system: a front must not list itself, and a shard serves one front (it
     * replies to its {@code front} only), so a shard listed by two fronts is warned about. That each shard runs
     * {@code kv-shard} with this front as its {@code front}, and has the channels both ways, an app check
     * cannot see (it is handed only the sandboxes that run {@code kv-front}): the shard's {@code front}
     * parameter is checked as a peer, and a front without a channel to a shard says so on its console and
     * answers that shard's commands with an error naming the missing channel.
     */
    static List<AppCheck.Warning> checkShards(List<AppCheck.Use> fronts) {
        List<AppCheck.Warning> warnings = new ArrayList<>();
        Map<String, String> frontOf = new LinkedHashMap<>();
        for (AppCheck.Use front : fronts) {
            List<String> shards;
            try {
                shards = shardList(front.params().getOrDefault("shards", ""));
            } catch (IllegalArgumentException e) {
                continue; // the parameter check reports it
            }
            for (String shard : shards) {
                if (shard.equals(front.sandbox())) {
                    warnings.add(new AppCheck.Warning(front.sandbox(), "shards",
                            "%s lists itself as a shard: a front does not store keys".formatted(front.sandbox())));
                    continue;
                }
                String other = frontOf.putIfAbsent(shard, front.sandbox());
                if (other != null) {
                    warnings.add(new AppCheck.Warning(front.sandbox(), "shards", ("shard '%s' is listed by fronts '%s' "
                            + "and '%s': a shard replies to one front only (its 'front' parameter)")
                            .formatted(shard, other, front.sandbox())));
                }
            }
        }
        return warnings;
    }

    @Override
    public void start(AppContext ctx) {
        long now = ctx.now();
        counters = new FrontCounters(now);
        nic = ctx.nic(nicName);
        links = new ShardLink[shardNames.size()];
        List<String> unreachable = new ArrayList<>();
        for (int i = 0; i < links.length; i++) {
            Sender to;
            try {
                to = ctx.channelTo(shardNames.get(i));
            } catch (IllegalArgumentException e) {
                to = null;
                unreachable.add(shardNames.get(i));
            }
            links[i] = new ShardLink(i, shardNames.get(i), to, Math.max(1, now), timeoutText);
        }
        List<Long> stale = new ArrayList<>();
        registry = ConnectionRegistry.open(ctx.memory(), stale);
        toClose.addAll(stale);
        String address = nic.address();
        commands = new FrontCommands(links, new InfoReport(links, counters, address, timeoutText), counters, timeoutNanos);
        expirePeriod = Math.clamp(timeoutNanos / 8, 1_000_000L, 100_000_000L);
        ctx.setTimer(expirePeriod, EXPIRE);
        if (consoleName != null) {
            var console = ctx.console(consoleName);
            String where = address == null || address.isEmpty() ? "NIC '" + nicName + "'" : address;
            console.println("KV store listening on " + where + (ctx.incarnation() > 1 || !stale.isEmpty()
                    ? " (front restarted: incarnation " + ctx.incarnation() + ", " + stale.size() + " client(s) disconnected)"
                    : ""));
            if (!unreachable.isEmpty()) {
                console.println("KV front " + ctx.sandboxName() + " has no channel to shard(s) " + String.join(", ", unreachable)
                        + ": their commands get an error (add {from: " + ctx.sandboxName() + ", to: <shard>} to channels)");
            }
        }
        if (!toClose.isEmpty()) {
            scheduleFlush(ctx);
        }
    }

    @Override
    public void onDevice(AppContext ctx, DeviceEvent event) {
        if (!(event instanceof DeviceEvent.NicEvent e) || !e.device().equals(nicName)) {
            return;
        }
        switch (e.kind()) {
            case OPENED -> opened(e.connection());
            case FRAME -> frame(ctx, e.connection(), e.frame());
            case CLOSED -> closed(e.connection());
        }
        scheduleFlush(ctx);
    }

    private void opened(long id) {
        counters.connectionsReceived++;
        int slot = registry.add(id);
        ClientConnection c = new ClientConnection(id, slot, withOutput);
        if (slot < 0) {
            counters.connectionsRefused++;
            c.out.raw(TOO_MANY_CLIENTS, 0, TOO_MANY_CLIENTS.length);
            c.closeWhenDone();
        }
        connections.put(c);
        counters.connectionsOpen = connections.size();
    }

    private void frame(AppContext ctx, long id, byte[] frame) {
        ClientConnection c = connections.get(id);
        if (c == null) {
            toClose.add(id); // a connection an earlier instance of the front had: it is being closed
            return;
        }
        byte[][] args;
        try {
            args = RespFrame.decode(frame);
        } catch (IllegalArgumentException bad) {
            args = null;
            c.out.error("ERR Protocol error: " + bad.getMessage());
            c.outputWritten();
        }
        if (args != null) {
            commands.execute(c, args, ctx.now());
        }
    }

    private void closed(long id) {
        ClientConnection c = connections.remove(id);
        if (c != null) {
            forget(c);
        }
    }

    private void forget(ClientConnection c) {
        c.closed();
        if (c.registrySlot() >= 0) {
            registry.remove(c.registrySlot());
        }
        counters.connectionsOpen = connections.size();
    }

    @Override
    public void onMessage(AppContext ctx, Message message) {
        if (message.type() == ShardWire.STARTED) {
            String name = new String(message.payload(), StandardCharsets.UTF_8);
            for (ShardLink link : links) {
                if (link.name.equals(name)) {
                    link.started(message.incarnation(), ctx.now() + timeoutNanos);
                }
            }
            scheduleFlush(ctx);
            return;
        }
        if (message.type() != ShardWire.REPLIES || message.length() < ShardWire.BATCH_HEADER) {
            return;
        }
        int index = message.getInt(0) & 0xffff;
        if (index >= links.length) {
            return;
        }
        ShardLink link = links[index];
        int incarnation = message.incarnation();
        for (int at = ShardWire.BATCH_HEADER; at < message.length(); ) {
            int length = ShardWire.REPLY_HEADER + message.getInt(at + ShardWire.BYTES_LENGTH);
            link.replied(message, at, incarnation);
            at += length;
        }
        scheduleFlush(ctx);
    }

    @Override
    public void onTimer(AppContext ctx, long timerId) {
        if (timerId == FLUSH) {
            flushSet = false;
            flush(ctx);
        } else if (timerId == RETRY) {
            retrySet = false;
            flush(ctx);
        } else if (timerId == EXPIRE) {
            long now = ctx.now();
            for (ShardLink link : links) {
                link.expire(now);
            }
            ctx.setTimer(expirePeriod, EXPIRE);
            if (!withOutput.isEmpty()) {
                scheduleFlush(ctx);
            }
        }
    }

    /** A flush on the kernel's next pass (a retry already pending for a full channel or ring does not delay it). */
    private void scheduleFlush(AppContext ctx) {
        if (!flushSet) {
            flushSet = true;
            ctx.setTimer(0, FLUSH);
        }
    }

    /** Sends the shards' request batches and the connections' replies; what is refused waits for a retry. */
    private void flush(AppContext ctx) {
        boolean retry = false;
        for (ShardLink link : links) {
            retry |= !link.flush();
        }
        for (int i = 0; i < withOutput.size(); i++) {
            ClientConnection c = withOutput.get(i);
            c.unlisted();
            if (c.isClosed()) {
                continue;
            }
            if (c.out.length() > 0) {
                if (nic.send(c.id, c.out.toBytes())) {
                    c.out.clear();
                } else {
                    again.add(c);
                    continue;
                }
            }
            if (c.readyToClose()) {
                if (nic.close(c.id)) {
                    connections.remove(c.id);
                    forget(c);
                } else {
                    again.add(c);
                }
            }
        }
        withOutput.clear();
        for (ClientConnection c : again) {
            c.outputWritten();
        }
        again.clear();
        for (int i = toClose.size() - 1; i >= 0; i--) {
            if (nic.close(toClose.get(i))) {
                toClose.remove(i);
            }
        }
        retry |= !withOutput.isEmpty() || !toClose.isEmpty();
        if (retry && !retrySet) {
            retrySet = true;
            ctx.setTimer(RETRY_NANOS, RETRY);
        }
    }
}
