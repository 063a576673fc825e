package dev.bulwark.drill.workload;

import dev.bulwark.apps.kv.KvFront;
import dev.bulwark.monitor.Monitor;
import dev.bulwark.monitor.Sandbox;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The KV store's load generator: {@code connections} RESP connections to the front's NIC, each a thread keeping
 * {@code depth} commands in flight (pipelining), SET and GET half and half on random keys of its own, for a
 * {@code warmup} and then a measured {@code window}. Ops/s and latency come from the window's replies only.
 *
 * <h2>Why a pipeline</h2>
 * Output commit holds every reply of a rolled-back sandbox until its epoch commits: up to one epoch of latency on
 * each. A closed-loop client with one command in flight then measures that latency, not the store's throughput
 * (one command per epoch). With {@code N = connections x depth} in flight, Little's law gives throughput {@code N /
 * latency}: the window keeps a scheme's throughput while it covers the bandwidth-delay product (the throughput
 * without epochs times the latency with them). The drill prints both, so a reader can tell which one a figure
 * measured.
 *
 * <h2>Every reply checked</h2>
 * Connection {@code c} writes only its own keys ({@code load-c-0} .. {@code load-c-1023}; no braces, no hash
 * tags), and a shard takes a connection's commands to one key in order from one FIFO channel, so each GET's reply
 * is known when it is sent: the value of the connection's last SET of that key sent before it (nil if none). A
 * SET must read {@code +OK}. An error reply ({@code -TRYAGAIN}: none on a healthy chip) makes its key unknown: the
 * GETs of it in flight behind the failed SET, and those sent before the key's next SET, are not judged.
 *
 * <h2>Latency</h2>
 * From the flush of the batch that sent a command to the read of its reply, in an HdrHistogram (3 significant
 * digits, up to a minute) per connection, added up at the end. A connection reads every reply that has arrived,
 * sends as many new commands, and flushes them together: one write per batch, as a pipelining client does.
 *
 * <h2>The round trip without queueing</h2>
 * A closed loop that keeps more in flight than the store needs measures its own queue: latency = in flight /
 * throughput. So after the window one more connection ({@code connections}, keys of its own) sends one command
 * at a time for a third of the window: its latency is the round trip (plus what output commit holds), the
 * figure that, times the throughput, gives the bandwidth-delay product.
 *
 * <p>Never hangs: each read waits at most {@link #READ_MILLIS}; after the window a connection sends nothing more
 * and reads what it has in flight, then closes. Threading: {@link #measure} runs on the caller's thread and
 * joins one daemon platform thread per connection; each connection's model is confined to its thread.
 *
 * @param connections client connections, 1 or more
 * @param depth       commands in flight on each, 1 or more
 * @param warmup      how long before the window
 * @param window      how long the measurement, positive
 * @param seed        the seed of the commands and keys (connection {@code c} draws from {@code seed + c})
 */
public record KvLoad(int connections, int depth, Duration warmup, Duration window, long seed) implements LoadProbe {
    /** Keys per connection. */
    static final int KEYS = 1024;
    static final int CONNECT_MILLIS = 1_000;
    static final int READ_MILLIS = 5_000;
    private static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(1);

    public KvLoad {
        if (connections < 1 || depth < 1) {
            throw new IllegalArgumentException("a load needs a connection and a command in flight: " + connections
                    + " x " + depth);
        }
        if (warmup.isNegative() || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a load needs a warm-up of 0 or more and a positive window: " + warmup
                    + ", " + window);
        }
    }

    @Override
    public KvLoad withTimes(Duration warmup, Duration window) {
        return new KvLoad(connections, depth, warmup, window, seed);
    }

    @Override
    public KvLoad withShape(int connections, int depth) {
        return new KvLoad(connections, depth, warmup, window, seed);
    }

    @Override
    public String describe() {
        return LoadFigures.shape(connections, depth, warmup.toNanos(), window.toNanos());
    }

    /** Measures the store fronted by the first {@code kv-front} sandbox of {@code monitor}'s chip. */
    @Override
    public LoadFigures measure(Monitor monitor) throws InterruptedException {
        Sandbox front = monitor.sandboxes().stream().filter(s -> s.app().equals(KvFront.NAME)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no sandbox runs " + KvFront.NAME + ": no KV store to load"));
        return measure(KvWorkload.nicOf(front, front.params().get("nic")).address());
    }

    /** Measures the RESP server at {@code address} ({@code host:port}). */
    public LoadFigures measure(String address) throws InterruptedException {
        long start = System.nanoTime();
        long from = start + warmup.toNanos();
        long to = from + window.toNanos();
        List<Pipeline> pipelines = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            Pipeline p = new Pipeline(c, depth, address, new SplittableRandom(seed + c), from, to);
            pipelines.add(p);
            threads.add(Thread.ofPlatform().name("drill-kv-load-" + c).daemon(true).start(p));
        }
        long joinBy = to + TimeUnit.MILLISECONDS.toNanos(CONNECT_MILLIS + 2L * READ_MILLIS);
        for (Thread t : threads) {
            long left = joinBy - System.nanoTime();
            if (left <= 0 || !t.join(Duration.ofNanos(left))) {
                pipelines.forEach(Pipeline::close); // unblocks their reads; each ends at its next
                throw new IllegalStateException("a load connection to " + address + " did not finish in time");
            }
        }
        Histogram latency = new Histogram(HIGHEST_NANOS, 3);
        long commands = 0;
        long replies = 0;
        long errors = 0;
        long wrong = 0;
        long measured = 0;
        String firstWrong = null;
        for (Pipeline p : pipelines) {
            if (p.failure != null) {
                throw new IllegalStateException("load connection " + p.id + " to " + address + ": " + p.failure);
            }
            latency.add(p.latency);
            commands += p.commands;
            replies += p.replies;
            errors += p.errors;
            wrong += p.wrong;
            measured += p.measured;
            firstWrong = firstWrong != null ? firstWrong : p.firstWrong;
        }
        // one command at a time on a connection (and keys) of its own: the round trip without queueing
        long idleFrom = System.nanoTime();
        Pipeline idle = new Pipeline(connections, 1, address, new SplittableRandom(seed + connections), idleFrom,
                idleFrom + window.toNanos() / 3);
        Thread t = Thread.ofPlatform().name("drill-kv-load-idle").daemon(true).start(idle);
        if (!t.join(Duration.ofNanos(window.toNanos() / 3 + TimeUnit.MILLISECONDS.toNanos(CONNECT_MILLIS + 2L * READ_MILLIS)))) {
            idle.close();
            throw new IllegalStateException("the 1-deep load connection to " + address + " did not finish in time");
        }
        if (idle.failure != null) {
            throw new IllegalStateException("the 1-deep load connection to " + address + ": " + idle.failure);
        }
        commands += idle.commands;
        replies += idle.replies;
        errors += idle.errors;
        wrong += idle.wrong;
        firstWrong = firstWrong != null ? firstWrong : idle.firstWrong;
        return new LoadFigures(connections, depth, warmup.toNanos(), window.toNanos(), commands, replies, errors, wrong,
                firstWrong, measured, measured / (window.toNanos() / 1e9), percentile(latency, 50),
                percentile(latency, 99), latency.getTotalCount() > 0 ? latency.getMaxValue() : -1,
                percentile(idle.latency, 50), percentile(idle.latency, 99));
    }

    private static long percentile(Histogram h, double p) {
        return h.getTotalCount() > 0 ? h.getValueAtPercentile(p) : -1;
    }

    /**
     * One connection and its pipeline: a ring of the commands in flight, oldest first, and the model of its keys.
     * Confined to its thread but for {@link #close}, and read by {@link #measure} after the thread was joined.
     */
    private static final class Pipeline implements Runnable {
        final int id;
        private final int depth;
        private final String address;
        private final SplittableRandom random;
        private final long from;
        private final long to;
        final Histogram latency = new Histogram(HIGHEST_NANOS, 3);
        long commands;
        long replies;
        long errors;
        long wrong;
        long measured;
        String firstWrong;
        String failure;
        private volatile RespConnection connection;

        // the commands in flight, a ring of depth slots from head
        private final int[] key;
        private final boolean[] set;
        private final String[] expected; // a SET's value; a GET's expected reply (null: nil)
        private final boolean[] judged;
        private final long[] sentAt;
        private int head;
        private int inFlight;
        private int unflushed; // the newest commands of the ring, not flushed yet (a full buffer may have sent some)
        // the model: per key, the value of its last SET sent (null: none), and whether a SET of it failed since
        private final String[] value = new String[KEYS];
        private final boolean[] unknown = new boolean[KEYS];
        private long counter;

        Pipeline(int id, int depth, String address, SplittableRandom random, long from, long to) {
            this.id = id;
            this.depth = depth;
            this.key = new int[depth];
            this.set = new boolean[depth];
            this.expected = new String[depth];
            this.judged = new boolean[depth];
            this.sentAt = new long[depth];
            this.address = address;
            this.random = random;
            this.from = from;
            this.to = to;
        }

        @Override
        public void run() {
            try (RespConnection c = RespConnection.open(address, CONNECT_MILLIS, READ_MILLIS)) {
                connection = c;
                while (inFlight < depth) {
                    send(c);
                }
                flush(c);
                while (inFlight > 0) {
                    do { // every reply that has arrived, each replaced by a new command while the window lasts
                        RespConnection.Reply reply = c.reply();
                        long now = System.nanoTime();
                        judge(reply, now);
                        if (now < to) {
                            send(c);
                        }
                    } while (inFlight > 0 && c.replyWaiting());
                    if (unflushed > 0) {
                        flush(c);
                    }
                }
            } catch (IOException | RuntimeException e) {
                errors++;
                failure = e.getClass().getSimpleName() + ": " + e.getMessage() + " (" + inFlight + " commands in flight)";
            }
        }

        private void send(RespConnection c) throws IOException {
            int slot = (head + inFlight) % depth;
            int k = random.nextInt(KEYS);
            boolean isSet = random.nextBoolean();
            String name = "load-" + id + "-" + k;
            key[slot] = k;
            set[slot] = isSet;
            if (isSet) {
                String v = "c" + id + "-" + ++counter;
                c.send("SET", name, v);
                value[k] = v;
                unknown[k] = false;
                expected[slot] = v;
                judged[slot] = true;
            } else {
                c.send("GET", name);
                expected[slot] = value[k];
                judged[slot] = !unknown[k];
            }
            sentAt[slot] = System.nanoTime(); // until its flush: a full buffer may go out, and be answered, before
            inFlight++;
            unflushed++;
            commands++;
        }

        private void flush(RespConnection c) throws IOException {
            c.flush();
            long now = System.nanoTime();
            for (int n = inFlight - unflushed; n < inFlight; n++) {
                sentAt[(head + n) % depth] = now;
            }
            unflushed = 0;
        }

        /** Judges the reply to the oldest command in flight, read at {@code now}, and takes it off the ring. */
        private void judge(RespConnection.Reply reply, long now) {
            int slot = head;
            head = (head + 1) % depth;
            inFlight--;
            unflushed = Math.min(unflushed, inFlight); // answered before its flush: its buffer filled and went out
            replies++;
            String name = "load-" + id + "-" + key[slot];
            String problem = null;
            boolean error = false;
            switch (reply) {
                case RespConnection.Reply.Error e -> {
                    error = true;
                    errors++;
                    if (set[slot]) { // it may or may not have been applied: its key is unknown until its next SET
                        forget(key[slot]);
                    }
                }
                case RespConnection.Reply.Status s when set[slot] && s.text().equals("OK") -> {
                }
                case RespConnection.Reply.Bulk b when !set[slot] -> {
                    if (judged[slot] && !Objects.equals(b.value(), expected[slot])) {
                        problem = "GET " + name + " returned " + b.value() + " but this connection's last SET of it "
                                + "before the GET wrote " + expected[slot];
                    }
                }
                default -> problem = (set[slot] ? "SET " : "GET ") + name + " was answered " + reply;
            }
            if (problem != null) {
                wrong++;
                firstWrong = firstWrong != null ? firstWrong : "connection " + id + ": " + problem;
            }
            if (!error && problem == null && now >= from && now < to) {
                measured++;
                latency.recordValue(Math.min(HIGHEST_NANOS, Math.max(0, now - sentAt[slot])));
            }
        }

        /** A SET of {@code k} failed: its GETs in flight and those sent before its next SET are not judged. */
        private void forget(int k) {
            boolean behindNextSet = false;
            for (int n = 0; n < inFlight && !behindNextSet; n++) {
                int slot = (head + n) % depth;
                if (key[slot] == k) {
                    if (set[slot]) {
                        behindNextSet = true; // from this SET on the key is known again
                    } else {
                        judged[slot] = false;
                    }
                }
            }
            if (!behindNextSet) {
                unknown[k] = true;
            }
        }

        void close() {
            RespConnection c = connection;
            if (c != null) {
                c.close();
            }
        }
    }
}
