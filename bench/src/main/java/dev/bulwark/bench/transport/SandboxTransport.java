package dev.bulwark.bench.transport;

import dev.bulwark.hw.clock.NanoClock;
import dev.bulwark.hw.event.Event;
import dev.bulwark.ipc.Claim;
import dev.bulwark.ipc.Message;
import dev.bulwark.ipc.Sender;
import dev.bulwark.monitor.Monitor;
import dev.bulwark.monitor.event.MonitorEvent.AppRestarted;
import dev.bulwark.monitor.event.MonitorEvent.FaultDetected;
import dev.bulwark.monitor.event.MonitorEvent.Stopped;
import dev.bulwark.monitor.spec.ChannelSpec;
import dev.bulwark.monitor.spec.ChipSpec;
import dev.bulwark.monitor.spec.DetectionSpec;
import dev.bulwark.monitor.spec.IdleMode;
import dev.bulwark.monitor.spec.RecoverySpec;
import dev.bulwark.monitor.spec.SandboxSpec;
import dev.bulwark.monitor.spec.SpecValidator;
import dev.bulwark.monitor.spec.SystemSpec;
import dev.bulwark.sandbox.app.App;
import dev.bulwark.sandbox.app.AppContext;
import dev.bulwark.sandbox.app.AppDescriptor;
import dev.bulwark.sandbox.app.AppRegistry;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * {@code sandbox} and {@code sandbox-idle}: two sandboxes, {@code ping} and {@code pong}, on a chip booted by
 * the monitor, messages going through their kernels' event loops and the channels the monitor granted.
 * {@code ping}'s app times each round trip on its own kernel thread; {@code pong}'s echoes the payload.
 * With {@link IdleMode#SPIN} both cores busy-spin; with {@link IdleMode#BACKOFF} (the default for modeled
 * cores) a core with nothing to do backs off to a sleep, and each message wakes it through its doorbell.
 *
 * <p>The messages travel between the two kernels' threads, not the benchmark's: its initiator thread posts each
 * job (round trips, or a stream) to {@code ping}'s app and waits, parked, until it is done; its responder thread
 * answers nothing ({@code pong}'s app does) and, for a stream, waits until {@code pong}'s app has received all
 * of it. Ping's app looks for a job every {@value #JOB_POLL_NANOS} ns, which the round trips do not see (each is
 * timed on ping's kernel) and a stream of millions of messages hardly does.
 */
public final class SandboxTransport implements Transport {
    private static final int MESSAGE_TYPE = 1;
    /** How often ping's app, while it has no job, looks for one. */
    private static final long JOB_POLL_NANOS = 100_000;
    /** How often a bench thread waiting for the apps looks again. */
    private static final long WAIT_NANOS = 50_000;
    private static final long PARTITION_BYTES = 1 << 20;
    /** The most messages ping's app sends in one pass of its kernel. */
    private static final int STREAM_BURST = 1024;
    /** Generous: the benchmark measures messages, not detection; a kernel is never judged hung mid-run. */
    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(1);

    private final String name;
    private final IdleMode idle;

    private SandboxTransport(String name, IdleMode idle) {
        this.name = name;
        this.idle = idle;
    }

    /** Busy-spinning cores: the kernels' own cost. */
    public static SandboxTransport spinning() {
        return new SandboxTransport("sandbox", IdleMode.SPIN);
    }

    /** Cores that back off and sleep, woken by the doorbell: what an idle Bulwark costs a message. */
    public static SandboxTransport sleeping() {
        return new SandboxTransport("sandbox-idle", IdleMode.BACKOFF);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String note() {
        return idle == IdleMode.SPIN
                ? "two sandboxes booted by the monitor, through their kernels' event loops; cores busy-spin"
                : "the same with the default idle strategy: cores back off to sleep and each message rings the receiver's doorbell";
    }

    /** Each message carries its number in its first 8 bytes: at least 8 bytes go. */
    @Override
    public int carriedBytes(int payload) {
        return Math.max(Long.BYTES, payload);
    }

    @Override
    public Link open(Setup setup) {
        int payload = carriedBytes(setup.payloadBytes());
        Driver driver = new Driver(name, new Setup(payload, setup.capacity()).pattern());
        AppRegistry apps = AppRegistry.of(
                AppDescriptor.of("bench-ping", "times round trips to pong", params -> new Ping(driver)),
                AppDescriptor.of("bench-pong", "echoes what ping sends", params -> new Pong(driver)));
        List<ChannelSpec> channels = List.of(new ChannelSpec("ping", "pong", setup.capacity(), payload),
                new ChannelSpec("pong", "ping", setup.capacity(), payload));
        ChipSpec pages = new ChipSpec(2, ChipSpec.DEFAULT_PAGE_BYTES, ChipSpec.DEFAULT_PAGE_BYTES, false, idle);
        long memory = 2 * PARTITION_BYTES
                + channels.stream().mapToLong(c -> SpecValidator.channelRegionBytes(pages, c)).sum(); // whole pages
        SystemSpec spec = new SystemSpec(
                new ChipSpec(2, memory, ChipSpec.DEFAULT_PAGE_BYTES, false, idle),
                List.of(new SandboxSpec("ping", 0, PARTITION_BYTES, null, "bench-ping", Map.of(), null),
                        new SandboxSpec("pong", 1, PARTITION_BYTES, null, "bench-pong", Map.of(), null)),
                channels, new DetectionSpec(HEARTBEAT_TIMEOUT, DetectionSpec.DEFAULT.scrubPeriod()), RecoverySpec.DEFAULT);
        Monitor monitor = Monitor.boot(spec, apps, NanoClock.SYSTEM, 1);
        monitor.events().subscribe(event -> {
            switch (event) {
                case FaultDetected _, AppRestarted _, Stopped _ -> driver.trouble(event);
                default -> {
                }
            }
        });
        try {
            if (!monitor.awaitBooted(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + ": the two sandboxes did not boot within 30 s");
            }
        } catch (InterruptedException e) {
            monitor.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name + ": interrupted while booting");
        } catch (RuntimeException e) {
            monitor.close();
            throw e;
        }
        return new Pair(monitor, driver, name);
    }

    /**
     * One job for the apps: {@code count} round trips timed into {@code rtt}, or (no histogram) a one-way stream
     * of {@code count} messages. The bench's initiator thread creates and posts it; ping's app takes it on its
     * kernel; whichever app sees the last message sets {@code failure} (if any), then {@code done} (a volatile
     * write the waiting bench thread reads, so the failure and every recorded value are visible to it).
     */
    private static final class Job {
        final long count;
        final Histogram rtt;
        volatile boolean taken;
        volatile RuntimeException failure;
        volatile boolean done;

        Job(long count, Histogram rtt) {
            this.count = count;
            this.rtt = rtt;
        }

        boolean roundTrip() {
            return rtt != null;
        }
    }

    /**
     * What the bench threads and the two apps share. One job at a time: the initiator thread posts a job only
     * once the one before is done ({@link #run}), so the apps never see two. {@code job} is a volatile write
     * that happens-before ping's app reads it, and so before its first send and pong's receipt of it.
     */
    private static final class Driver {
        final String transport;
        final byte[] pattern;
        volatile Job job;
        /** One-way jobs done so far; pong's app counts them, the consuming bench thread waits on them. */
        volatile long streamsDone;
        /**
         * The first event that ends a measurement (a fault detected, an app restarted, a sandbox stopped): a
         * restarted app has lost its job, so the waiting bench threads give up with it instead of waiting forever.
         * Written by the event log's publisher thread.
         */
        private volatile Event trouble;

        Driver(String transport, byte[] pattern) {
            this.transport = transport;
            this.pattern = pattern;
        }

        /** Initiator thread: posts {@code next} and waits until it is done. */
        void run(Job next) {
            job = next;
            await(() -> next.done);
            if (next.failure != null) {
                throw next.failure;
            }
        }

        void trouble(Event event) {
            if (trouble == null) {
                trouble = event;
            }
        }

        /** Waits, parked off the CPUs the kernels use, until {@code condition} holds. */
        void await(BooleanSupplier condition) {
            while (!condition.getAsBoolean()) {
                Event seen = trouble;
                if (seen != null) {
                    throw new IllegalStateException(transport + ": the monitor saw " + seen);
                }
                LockSupport.parkNanos(WAIT_NANOS);
                if (Thread.currentThread().isInterrupted()) {
                    throw new IllegalStateException(transport + ": interrupted");
                }
            }
        }
    }

    /**
     * Ping's app: takes each job the driver posts and sends it, round trips one at a time (timing each on its
     * own kernel thread, from just before the claim to the answer's delivery), or a stream as fast as the
     * channel takes it. Kernel thread only, but for {@code driver}.
     */
    private static final class Ping implements App {
        private final Driver driver;
        private Sender out;
        private Job job;
        private long sent;
        private long startNanos;

        Ping(Driver driver) {
            this.driver = driver;
        }

        @Override
        public void start(AppContext ctx) {
            out = ctx.channelTo("pong");
            ctx.setTimer(0, 0);
        }

        @Override
        public void onTimer(AppContext ctx, long timerId) {
            Job next = driver.job;
            if (job == null && next != null && !next.taken) {
                job = next;
                job.taken = true;
                sent = 0;
            }
            if (job == null) {
                ctx.setTimer(JOB_POLL_NANOS, 0);
            } else if (job.roundTrip()) {
                if (!sendNext()) {
                    finish(new IllegalStateException(driver.transport + ": the channel refused a round trip's only message"));
                    ctx.setTimer(JOB_POLL_NANOS, 0);
                }
            } else {
                stream(ctx);
            }
        }

        /** Sends message {@code sent + 1}: the pattern with its number over the first 8 bytes; false if full. */
        private boolean sendNext() {
            long start = System.nanoTime();
            Claim claim = out.claim(MESSAGE_TYPE);
            if (claim == null) {
                return false;
            }
            sent++;
            startNanos = start;
            claim.putBytes(0, driver.pattern, 0, driver.pattern.length).putLong(0, sent).commit();
            return true;
        }

        /**
         * Sends as fast as the channel takes messages, but at most {@value #STREAM_BURST} a pass: a handler that
         * sent a whole stream in one call would stop the kernel's heartbeat for a second and be judged hung.
         */
        private void stream(AppContext ctx) {
            long burstEnd = Math.min(job.count, sent + STREAM_BURST);
            while (sent < burstEnd && sendNext()) {
                // as fast as the channel takes them
            }
            if (sent < job.count) {
                ctx.setTimer(0, 0); // full, or a burst sent: go on at the kernel's next pass
            } else {
                job = null; // pong's app finishes it when the last message arrives
                ctx.setTimer(JOB_POLL_NANOS, 0);
            }
        }

        @Override
        public void onMessage(AppContext ctx, Message m) {
            Job j = job;
            if (j == null || !j.roundTrip()) {
                return;
            }
            long answer = m.getLong(0);
            j.rtt.recordValue(System.nanoTime() - startNanos);
            if (answer != sent) {
                finish(Mismatch.answer(driver.transport, sent, answer));
            } else if (sent == j.count) {
                finish(null);
            } else if (!sendNext()) {
                finish(new IllegalStateException(driver.transport + ": the channel refused a round trip's only message"));
            }
            if (job == null) {
                ctx.setTimer(JOB_POLL_NANOS, 0);
            }
        }

        private void finish(RuntimeException failure) {
            Job j = job;
            job = null;
            j.failure = failure;
            j.done = true;
        }

    }

    /**
     * Pong's app: echoes each round-trip message as it came; counts a stream, checks its order and finishes
     * it. Kernel thread only, but for {@code driver}.
     */
    private static final class Pong implements App {
        private final Driver driver;
        private final byte[] buffer;
        private Sender back;
        private Job streaming;
        private long received;

        Pong(Driver driver) {
            this.driver = driver;
            this.buffer = new byte[driver.pattern.length];
        }

        @Override
        public void start(AppContext ctx) {
            back = ctx.channelTo("ping");
        }

        @Override
        public void onMessage(AppContext ctx, Message m) {
            int length = m.length();
            m.getBytes(0, buffer, 0, length);
            Job j = driver.job; // posted before ping's app took it and sent this message
            if (j.roundTrip()) {
                Claim claim = back.claim(MESSAGE_TYPE); // one message in flight: never full
                claim.putBytes(0, buffer, 0, length).commit();
                return;
            }
            if (j != streaming) {
                streaming = j;
                received = 0;
            }
            long n = m.getLong(0);
            if (n != ++received && j.failure == null) {
                j.failure = Mismatch.order(driver.transport, received, n);
            }
            if (received == j.count) {
                j.done = true;
                driver.streamsDone++; // this kernel thread is its only writer
            }
        }
    }

    /** The booted chip; closing it shuts the monitor down. */
    static final class Pair implements Link, RoundTrip, OneWay {
        private final Monitor monitor;
        private final Driver driver;
        private final String name;
        /** Consumer thread only: the one-way jobs it has waited for so far. */
        private long streamsConsumed;

        Pair(Monitor monitor, Driver driver, String name) {
            this.monitor = monitor;
            this.driver = driver;
            this.name = name;
        }

        @Override
        public RoundTrip roundTrip() {
            return this;
        }

        @Override
        public Optional<OneWay> oneWay() {
            return Optional.of(this);
        }

        /** Posts the round trips for ping's app and waits until they are done. */
        @Override
        public void ping(int count, Histogram rtt) {
            driver.run(new Job(count, rtt));
        }

        /** Nothing: pong's app answers on its own kernel. */
        @Override
        public void pong(int count) {
        }

        /** Posts the stream for ping's app and waits until pong's app has received all of it. */
        @Override
        public void produce(long count) {
            driver.run(new Job(count, null));
        }

        /** Waits until pong's app has received the next whole stream: what the benchmark times to. */
        @Override
        public void consume(long count) {
            long awaited = ++streamsConsumed;
            driver.await(() -> driver.streamsDone >= awaited);
        }

        /** The booted chip (tests inject faults through it). */
        Monitor monitor() {
            return monitor;
        }

        @Override
        public void close() {
            monitor.close();
        }
    }
}
