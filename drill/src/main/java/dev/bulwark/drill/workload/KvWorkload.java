package dev.bulwark.drill.workload;

import dev.bulwark.apps.kv.KeyRouter;
import dev.bulwark.apps.kv.KvFront;
import dev.bulwark.hw.device.Device;
import dev.bulwark.hw.device.Nic;
import dev.bulwark.hw.event.Event;
import dev.bulwark.monitor.Monitor;
import dev.bulwark.monitor.Sandbox;
import dev.bulwark.monitor.event.MonitorEvent;
import dev.bulwark.monitor.policy.Microreboot;
import dev.bulwark.monitor.policy.Redundant;
import dev.bulwark.monitor.policy.Restart;
import dev.bulwark.monitor.policy.Rollback;
import dev.bulwark.monitor.policy.Standby;
import dev.bulwark.monitor.policy.Scheme;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The KV store's closed-loop client: one thread speaking RESP over the real TCP socket of the NIC its
 * {@code kv-front} sandbox owns, one command at a time, SET and GET at random over {@link #KEYS} plain keys
 * ({@code drill-key-17}: no braces, which would be hash tags), every value unique and increasing ({@code v123}),
 * so a wrong value is recognisable. Every GET is judged against the model of acknowledged writes
 * ({@link AckedWrites} states the rule); a reply it cannot explain is a {@link Workload.Violation} of the key's
 * shard. Successes are replies that are not errors: {@code +OK} to a SET, a value or nil to a GET.
 *
 * <h2>Warm-up and audits</h2>
 * The client first sets every key once, in order, in one pipeline ({@code warmUp}: one round trip, which a shard
 * under output commit answers in one epoch, not one per key), and reports no success until it has: the model knows
 * every key before the first fault (a drill's settle waits for a success). And after a shard restarts (a new incarnation
 * serves, or its app restarted in place), the client reads back {@link #AUDIT_KEYS} of that shard's keys before
 * it goes on at random, so what a recovery lost or broke shows in the next few replies, not whenever chance gets
 * round to those keys. A GET's violation is recorded before its success, so whoever sees the success sees it.
 *
 * <h2>Never hangs</h2>
 * The socket connects within {@link #CONNECT_MILLIS} and each reply must come within {@link #READ_MILLIS} (beyond
 * the front's own deadline, after which it answers {@code -TRYAGAIN}). An I/O error or timeout closes the
 * connection (a SET in flight becomes uncertain) and the client reconnects, backing off from
 * {@link #MIN_BACKOFF_NANOS} to {@link #MAX_BACKOFF_NANOS} with {@code parkNanos}: a restarted front (which drops
 * every connection) costs a reconnect, never a spin.
 *
 * <h2>Memory losses</h2>
 * A listener on the monitor's events notes, per shard, the newest incarnation that started without the memory
 * of the one before: a {@link MonitorEvent.Recovering} under {@link Restart} (a zeroed partition), or the
 * incarnation after a {@link MonitorEvent.MemoryChecked} that refused the memory. A nil that these do not explain
 * is judged again after {@link dev.bulwark.monitor.EventLog#flush} (the listener runs on the log's publisher,
 * behind the client): the event of a restart is recorded before its incarnation is launched, so once flushed,
 * a nil served by a fresh incarnation is always explained.
 *
 * <p>Threading: the client thread alone runs the connection, the model, the RNG and the audit under way. The event
 * listener (the log's publisher thread) writes {@code lostAt}, a concurrent map, and queues audits on a concurrent
 * queue; {@code running} and {@code connection} are
 * volatile so {@link #close} (the drill's thread) stops the loop and unblocks its read; successes, violations and
 * the tally are in thread-safe structures the drill's thread may query at any time. The listener cannot be
 * unsubscribed: after {@link #close} it still runs, does nothing, and goes with the monitor's log.
 */
public final class KvWorkload extends Observations {
    public static final String NAME = "kv";
    /** The key space: {@code drill-key-0} .. {@code drill-key-255}. */
    public static final int KEYS = 256;
    static final int CONNECT_MILLIS = 1_000;
    static final int READ_MILLIS = 5_000;
    static final long MIN_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    static final long MAX_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    static final long FLUSH_MILLIS = 2_000;
    /** Pauses between successes at most this long are not kept: a closed-loop client's commands take tens of µs. */
    static final long GAP_FLOOR_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** How many of a restarted shard's keys the client reads back before going on at random. */
    static final int AUDIT_KEYS = 16;

    /**
     * What the client has done so far; {@code lostWrites} counts the GETs that found an acknowledged write lost
     * (a nil no memory loss explains), each also a {@link Workload.Violation}.
     */
    public record Tally(long acknowledgedSets, long checkedGets, long explainedNils, long lostWrites, long errors,
                        long reconnects) {
    }

    private final String front;
    private final List<String> shards;
    private final String nicName;
    private final long seed;
    private final KeyRouter router;
    /** Per shard, the newest incarnation launched without its predecessor's memory (publisher thread writes). */
    private final Map<String, Integer> lostAt = new ConcurrentHashMap<>();
    /** The first copy of each redundant shard, to the shard it stands in for (filled before the listener runs). */
    private final Map<String, String> standsIn = new ConcurrentHashMap<>();
    private final AtomicLong acknowledgedSets = new AtomicLong();
    private final AtomicLong checkedGets = new AtomicLong();
    private final AtomicLong explainedNils = new AtomicLong();
    private final AtomicLong lostWrites = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    /** Shards that restarted (a new incarnation, or their app in place) and whose keys the client reads back next. */
    private final Queue<String> audits = new ConcurrentLinkedQueue<>();
    /** Per shard (the router's order), its keys' numbers. */
    private final List<List<Integer>> keysOf = new ArrayList<>();
    private final Thread client = Thread.ofPlatform().name("drill-kv-client").daemon(true).unstarted(this::run);
    private volatile boolean running;
    private volatile RespConnection connection;
    private volatile Monitor monitor;
    // the client thread's own
    private long counter;
    private int warming; // the keys set once so far, in order, before the client goes on at random

    /**
     * @param front   the {@code kv-front} sandbox
     * @param shards  its shard sandboxes, in the order of its {@code shards} parameter (the router's order)
     * @param nicName the NIC it serves clients on
     * @param seed    the seed of the client's choice of commands and keys
     */
    public KvWorkload(String front, List<String> shards, String nicName, long seed) {
        super(NAME, GAP_FLOOR_NANOS);
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("a KV store needs at least one shard");
        }
        this.front = front;
        this.shards = List.copyOf(shards);
        this.nicName = nicName;
        this.seed = seed;
        this.router = new KeyRouter(shards.size());
        for (int i = 0; i < shards.size(); i++) {
            keysOf.add(new ArrayList<>());
        }
        for (int n = 0; n < KEYS; n++) {
            keysOf.get(router.shardOf(key(n).getBytes(StandardCharsets.UTF_8))).add(n);
        }
    }

    /** The client of the store {@code front} (a sandbox running {@code kv-front}) fronts, as its params say. */
    public static KvWorkload of(Sandbox front, long seed) {
        if (!front.app().equals(KvFront.NAME)) {
            throw new IllegalArgumentException(front.name() + " runs " + front.app() + ", not " + KvFront.NAME);
        }
        Map<String, String> params = front.params();
        List<String> shards = new ArrayList<>();
        for (String s : params.getOrDefault("shards", "").split(",")) {
            if (!s.isBlank()) {
                shards.add(s.trim());
            }
        }
        return new KvWorkload(front.name(), shards, params.get("nic"), seed);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> sandboxes() {
        Set<String> all = new LinkedHashSet<>();
        all.add(front);
        all.addAll(shards);
        return all;
    }

    @Override
    public void start(Monitor monitor) {
        this.monitor = monitor;
        for (var r : monitor.redundant()) {
            if (shards.contains(r.sandbox())) {
                standsIn.put(r.copies().getFirst(), r.sandbox());
            }
        }
        running = true;
        monitor.events().subscribe(this::onEvent);
        client.start();
    }

    /** The key {@code n}. */
    static String key(int n) {
        return "drill-key-" + n;
    }

    // ---- the client thread ---------------------------------------------------------------------------------

    private void run() {
        Monitor m = monitor;
        Nic nic = nic(m);
        AckedWrites model = new AckedWrites();
        SplittableRandom random = new SplittableRandom(seed);
        ArrayDeque<Integer> auditing = new ArrayDeque<>();
        long backoff = MIN_BACKOFF_NANOS;
        while (running) {
            RespConnection c = connection;
            if (c == null) {
                try {
                    c = RespConnection.open(nic.address(), CONNECT_MILLIS, READ_MILLIS);
                    connection = c;
                    if (!running) {
                        c.close();
                        return;
                    }
                } catch (IOException e) {
                    reconnects.incrementAndGet();
                    LockSupport.parkNanos(backoff);
                    backoff = Math.min(MAX_BACKOFF_NANOS, backoff * 2);
                    continue;
                }
            }
            int n;
            boolean set;
            if (warming < KEYS) { // first every key once, in order: the model knows them all before any fault
                try {
                    warmUp(c, m, model);
                    backoff = MIN_BACKOFF_NANOS;
                } catch (IOException | RuntimeException e) {
                    errors.incrementAndGet(); // the keys not yet answered are set again on the next connection
                    backoff = dropped(c, backoff);
                }
                continue;
            } else if (auditing.isEmpty() && !audits.isEmpty()) {
                String restarted = audits.poll();
                List<Integer> its = keysOf.get(shards.indexOf(restarted));
                auditing.addAll(its.subList(0, Math.min(AUDIT_KEYS, its.size())));
                continue;
            } else if (!auditing.isEmpty()) {
                n = auditing.removeFirst();
                set = false;
            } else {
                n = random.nextInt(KEYS);
                set = random.nextBoolean();
            }
            String key = key(n);
            String shard = shards.get(router.shardOf(key.getBytes(StandardCharsets.UTF_8)));
            int incarnation = standIn(m, shard).incarnation(); // before the command: races only make the judge lenient
            String value = "v" + ++counter;
            try {
                RespConnection.Reply reply = set ? c.command("SET", key, value) : c.command("GET", key);
                long now = m.clock().nanoTime();
                switch (reply) {
                    case RespConnection.Reply.Status s when set && s.text().equals("OK") -> {
                        model.acknowledged(key, value, incarnation);
                        acknowledgedSets.incrementAndGet();
                        successes.succeeded(now);
                    }
                    case RespConnection.Reply.Bulk b when !set -> {
                        checkedGets.incrementAndGet();
                        String wrong = model.judge(key, shard, b.value(), this::lostSince);
                        lostWrites.set(model.lostWrites()); // before its violation: whoever sees the one sees the other
                        if (wrong != null) { // recorded before the success: a judge that saw the success sees this
                            violations.record(now, shard, wrong);
                        }
                        explainedNils.set(model.explainedNils());
                        successes.succeeded(now);
                    }
                    default -> { // an error (-TRYAGAIN, -OOM) or a reply no command of ours asks for
                        errors.incrementAndGet();
                        if (set) {
                            model.uncertain(key, value);
                        }
                    }
                }
                backoff = MIN_BACKOFF_NANOS;
            } catch (IOException | RuntimeException e) {
                errors.incrementAndGet();
                if (set) {
                    model.uncertain(key, value);
                }
                backoff = dropped(c, backoff);
            }
        }
        RespConnection last = connection;
        if (last != null) {
            last.close();
        }
    }

    /**
     * Closes {@code c} after an error and, unless closing, waits {@code backoff} before the next connection; returns
     * the next backoff (doubled, up to {@link #MAX_BACKOFF_NANOS}).
     */
    private long dropped(RespConnection c, long backoff) {
        c.close();
        connection = null;
        if (!running) {
            return backoff;
        }
        reconnects.incrementAndGet();
        LockSupport.parkNanos(backoff);
        return Math.min(MAX_BACKOFF_NANOS, backoff * 2);
    }

    /**
     * Sets every key from {@link #warming} on, in order, as one pipeline (all sent, then every reply read): one round
     * trip, where one per key would take a rolled-back shard one epoch each under output commit. Each {@code +OK}
     * is acknowledged in the model as it is read; a key answered with an error stays unknown (never acknowledged:
     * not judged). The last reply is the client's first success.
     */
    private void warmUp(RespConnection c, Monitor m, AckedWrites model) throws IOException {
        int from = warming;
        String[] values = new String[KEYS];
        int[] incarnations = new int[KEYS];
        for (int n = from; n < KEYS; n++) {
            String key = key(n);
            incarnations[n] = standIn(m, shards.get(router.shardOf(key.getBytes(StandardCharsets.UTF_8)))).incarnation();
            values[n] = "v" + ++counter;
            c.send("SET", key, values[n]);
        }
        c.flush();
        for (int n = from; n < KEYS; n++) {
            RespConnection.Reply reply = c.reply();
            warming = n + 1;
            if (reply instanceof RespConnection.Reply.Status st && st.text().equals("OK")) {
                model.acknowledged(key(n), values[n], incarnations[n]);
                acknowledgedSets.incrementAndGet();
            } else {
                errors.incrementAndGet();
            }
        }
        successes.succeeded(m.clock().nanoTime());
    }

    private Nic nic(Monitor m) {
        return nicOf(m.sandbox(front), nicName);
    }

    /** The NIC named {@code nicName} that {@code front} owns, or its first NIC if none is named so. */
    static Nic nicOf(Sandbox front, String nicName) {
        Nic first = null;
        for (Device d : front.devices()) {
            if (d instanceof Nic nic) {
                if (d.name().equals(nicName)) {
                    return nic;
                }
                first = first == null ? nic : first;
            }
        }
        if (first == null) {
            throw new IllegalStateException(front.name() + " owns no NIC: no KV client can reach it");
        }
        return first;
    }

    /** Whether {@code shard} lost its memory after {@code incarnation}; a doubt is settled by flushing the log. */
    private boolean lostSince(String shard, int incarnation) {
        if (lostAt.getOrDefault(shard, 0) > incarnation) {
            return true;
        }
        try {
            monitor.events().flush(FLUSH_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true; // closing: no verdict, so no violation
        }
        return lostAt.getOrDefault(shard, 0) > incarnation;
    }

    // ---- the log's publisher thread ------------------------------------------------------------------------

    private void onEvent(Event e) {
        if (!(e instanceof MonitorEvent me) || shardOf(me.sandbox()) == null) {
            return;
        }
        String shard = shardOf(me.sandbox());
        switch (me) {
            case MonitorEvent.Serving v when v.incarnation() > 1 -> audits.add(shard);
            case MonitorEvent.AppRestarted r -> audits.add(shard);
            case MonitorEvent.Recovering r when fresh(r.scheme()) -> lostAt.merge(shard, r.incarnation(), Math::max);
            case MonitorEvent.MemoryChecked c when !c.kept() -> lostAt.merge(shard, c.incarnation() + 1, Math::max);
            default -> {
            }
        }
    }

    /**
     * The shard whose events {@code sandbox}'s are: the shard itself, or the first copy of a redundant shard, which
     * stands in for it (its incarnations number the shard's lives: all copies restart together when their state is
     * lost, and a copy rebuilt from a good one keeps it); null for any other sandbox.
     */
    private String shardOf(String sandbox) {
        return shards.contains(sandbox) ? sandbox : standsIn.get(sandbox);
    }

    /** The sandbox whose incarnation is {@code shard}'s: the shard, or its first copy if it runs redundantly. */
    private static Sandbox standIn(Monitor m, String shard) {
        for (var r : m.redundant()) {
            if (r.sandbox().equals(shard)) {
                return m.sandbox(r.copies().getFirst());
            }
        }
        return m.sandbox(shard);
    }

    /** Whether an incarnation launched under {@code scheme} starts without its predecessor's memory. */
    private static boolean fresh(Scheme scheme) {
        return switch (scheme) {
            case Restart r -> true;
            case Microreboot m -> false; // keeps it only once the check passed; a refusal is a MemoryChecked
            case Rollback r -> false; // the last committed checkpoint: every write acknowledged was in it
            case Standby st -> true; // counted as lost: only a standby fed with checkpoints keeps them
            case Redundant red -> false; // a copy rebuilt by replaying the log its good copies handled
        };
    }

    // ---- what the drill asks -------------------------------------------------------------------------------

    /** What the client has done so far. */
    public Tally tally() {
        return new Tally(acknowledgedSets.get(), checkedGets.get(), explainedNils.get(), lostWrites.get(), errors.get(),
                reconnects.get());
    }

    @Override
    public void close() {
        running = false;
        RespConnection c = connection;
        if (c != null) {
            c.close();
        }
        if (client.getState() != Thread.State.NEW) {
            LockSupport.unpark(client);
            try {
                client.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return NAME + " client of " + front + " " + tally();
    }
}
