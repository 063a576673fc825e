package dev.bulwark.monitor;

import dev.bulwark.hw.clock.NanoClock;
import dev.bulwark.hw.core.BackoffIdleStrategy;
import dev.bulwark.hw.core.Core;
import dev.bulwark.hw.core.CoreFailedException;
import dev.bulwark.hw.core.Execution;
import dev.bulwark.hw.core.IdleStrategy;
import dev.bulwark.hw.core.Trap;
import dev.bulwark.hw.fault.FaultInjector;
import dev.bulwark.hw.memory.Partition;
import dev.bulwark.ipc.Channel;
import dev.bulwark.ipc.InPort;
import dev.bulwark.ipc.Lease;
import dev.bulwark.ipc.OutPort;
import dev.bulwark.monitor.event.Detection;
import dev.bulwark.monitor.event.MonitorEvent;
import dev.bulwark.monitor.spec.SpecProblem;
import dev.bulwark.monitor.spec.SpecValidator;
import dev.bulwark.monitor.spec.SystemSpec;
import dev.bulwark.sandbox.app.AppRegistry;
import dev.bulwark.sandbox.kernel.Boot;
import dev.bulwark.sandbox.kernel.Heartbeat;
import dev.bulwark.sandbox.kernel.Hypercalls;
import dev.bulwark.sandbox.kernel.Kernel;
import dev.bulwark.sandbox.kernel.KernelDataCorruptedException;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The monitor: boots the chip, grants channels, detects failed kernels, recovers them, records it all.
 *
 * <h2>Detection</h2>
 * Traps arrive from cores (an exception escaped a kernel; the cause says whether it was a panic, a
 * failed checksum scrub, a memory violation or a failed core). Hangs are found by the supervisor loop:
 * a running kernel whose heartbeat is older than the heartbeat timeout (ten times that, at least a
 * second, while it is still booting).
 *
 * <h2>Recovery</h2>
 * The failed incarnation is retired: its lease is revoked (its ports throw), its run halted, what it
 * took from its channels but never handled is counted as lost, and its partition is revoked off the
 * critical path by the reaper (a zombie thread ends at its next access). Then, within the sandbox's
 * restart intensity, a new incarnation boots from the pristine image on the same core, in a fresh
 * partition, re-attached to the same channels. A failed core, or one failure too many, stops the
 * sandbox; the event says why.
 *
 * <p>Threading: one supervisor thread makes every decision; cores only enqueue traps, kernels only
 * record events. {@link #close()} stops everything.
 */
public final class Monitor implements AutoCloseable {
    private final SystemSpec spec;
    private final NanoClock clock;
    private final EventLog log;
    private final Chip chip;
    private final FaultInjector injector;
    private final ConcurrentLinkedQueue<TrapReport> traps = new ConcurrentLinkedQueue<>();
    private final ExecutorService reaper = Executors.newSingleThreadExecutor(r ->
            Thread.ofPlatform().name("monitor-reaper").daemon(true).unstarted(r));
    private final Thread supervisor = Thread.ofPlatform().name("monitor").daemon(true).unstarted(this::supervise);
    private final long heartbeatTimeoutNanos;
    private final long bootTimeoutNanos;
    private volatile boolean running = true;

    private record TrapReport(Sandbox sandbox, int incarnation, Trap trap) {
    }

    private Monitor(SystemSpec spec, AppRegistry apps, NanoClock clock, long seed) {
        this.spec = spec;
        this.clock = clock;
        this.log = new EventLog();
        this.chip = Chip.build(spec, apps, clock);
        this.injector = new FaultInjector(seed, clock, log);
        this.heartbeatTimeoutNanos = spec.detection().heartbeatTimeout().toNanos();
        this.bootTimeoutNanos = Math.max(10 * heartbeatTimeoutNanos, TimeUnit.SECONDS.toNanos(1));
    }

    /**
     * Builds the chip described by {@code spec}, boots every sandbox and starts supervising.
     *
     * @throws IllegalArgumentException listing every problem, if the spec is not valid
     */
    public static Monitor boot(SystemSpec spec, AppRegistry apps, NanoClock clock, long faultSeed) {
        List<SpecProblem> problems = SpecValidator.validate(spec, apps);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid system spec: " + problems);
        }
        Monitor monitor = new Monitor(spec, apps, clock, faultSeed);
        for (Sandbox s : monitor.chip.sandboxes().values()) {
            monitor.launch(s, 1);
        }
        monitor.supervisor.start();
        return monitor;
    }

    public static Monitor boot(SystemSpec spec, AppRegistry apps) {
        return boot(spec, apps, NanoClock.SYSTEM, 1);
    }

    // ---- supervision: runs on the supervisor thread only --------------------------------------------

    private void supervise() {
        IdleStrategy idle = new BackoffIdleStrategy(20, 5, 10_000, 1_000_000);
        long watchPeriod = Math.max(heartbeatTimeoutNanos / 10, 100_000);
        long nextWatch = clock.nanoTime() + watchPeriod;
        while (running) {
            int work = 0;
            for (TrapReport r; (r = traps.poll()) != null; work++) {
                onTrap(r);
            }
            long now = clock.nanoTime();
            if (now - nextWatch >= 0) {
                work += watchHeartbeats(now);
                nextWatch = now + watchPeriod;
            }
            idle.idle(work);
        }
    }

    private void onTrap(TrapReport r) {
        long detected = clock.nanoTime();
        Sandbox s = r.sandbox();
        if (s.state() != Sandbox.State.RUNNING || s.incarnation() != r.incarnation()) {
            return; // a late report about an incarnation already retired
        }
        Throwable cause = r.trap().cause();
        Detection how = switch (cause) {
            case KernelDataCorruptedException e -> Detection.CHECKSUM;
            case IndexOutOfBoundsException e -> Detection.MEMORY_VIOLATION;
            case CoreFailedException e -> Detection.CORE_FAILURE;
            default -> Detection.TRAP;
        };
        recover(s, how, cause.getClass().getSimpleName() + ": " + cause.getMessage(), detected);
    }

    private int watchHeartbeats(long now) {
        int failed = 0;
        for (Sandbox s : chip.sandboxes().values()) {
            if (s.state() != Sandbox.State.RUNNING) {
                continue;
            }
            long silent = now - s.current().heartbeat().lastBeatNanos();
            if (silent > (s.isServing() ? heartbeatTimeoutNanos : bootTimeoutNanos)) {
                recover(s, Detection.HEARTBEAT, "no heartbeat for " + silent / 1_000_000 + " ms", now);
                failed++;
            }
        }
        return failed;
    }

    /** Recovers {@code s}, whose failure the monitor learned of at {@code detected}. */
    private void recover(Sandbox s, Detection how, String cause, long detected) {
        Incarnation failed = s.current();
        log.record(new MonitorEvent.FaultDetected(detected, s.name(), failed.number(), how, cause));
        retire(s, failed, Sandbox.State.RECOVERING);
        if (s.core().isFailed()) {
            stop(s, "core " + s.core().id() + " failed for good and there is no spare core");
        } else if (!s.intensity.tryRestart(detected)) {
            stop(s, "restart intensity exceeded: more than " + s.recovery().maxRestarts() + " restarts within "
                    + s.recovery().within().toMillis() + " ms");
        } else {
            log.record(new MonitorEvent.Recovering(clock.nanoTime(), s.name(), failed.number() + 1, s.recovery().scheme()));
            launch(s, failed.number() + 1);
        }
    }

    private void stop(Sandbox s, String reason) {
        s.moveTo(Sandbox.State.STOPPED);
        log.record(new MonitorEvent.Stopped(clock.nanoTime(), s.name(), reason));
    }

    // ---- incarnations -------------------------------------------------------------------------------

    /**
     * Boots incarnation {@code number} of {@code s} on its core, in a fresh partition (the spare, when the
     * reaper has one ready), on the same channels; then has the reaper make the next spare.
     */
    private void launch(Sandbox s, int number) {
        Partition spare = s.takeSpare();
        Partition partition = spare != null ? spare : Partition.open(s.region(), spec.chip().pageBytes());
        Lease lease = new Lease(s.name() + "#" + number);
        List<InPort> inbox = s.inbound().stream().map(c -> c.consumer(lease)).toList();
        Map<String, OutPort> outbox = new HashMap<>();
        for (Channel c : s.outbound()) {
            outbox.put(c.to(), c.producer(s.id(), number, lease));
        }
        long now = clock.nanoTime();
        Heartbeat heartbeat = new Heartbeat(now);
        Kernel kernel = new Kernel(s.image(), new Boot(number, partition, lease, inbox, outbox, heartbeat, hypercalls(s), clock));
        log.record(new MonitorEvent.Booted(now, s.name(), number, s.core().id()));
        Execution run = s.core().launch(lease.holder(), kernel, BackoffIdleStrategy.forCores(), trap -> {
            traps.offer(new TrapReport(s, number, trap));
            LockSupport.unpark(supervisor); // wake the supervisor from its idle park: a trap is urgent
        });
        s.launched(new Incarnation(number, kernel, partition, lease, heartbeat, run));
        reaper.execute(() -> {
            Partition fresh = Partition.open(s.region(), spec.chip().pageBytes());
            if (!s.stockSpare(fresh)) {
                fresh.revoke();
            }
        });
    }

    /**
     * Takes an incarnation out of service. Revoking the lease first means its ports refuse it before
     * its channels are settled; revoking the partition (slow: an arena close handshakes with every
     * thread) happens on the reaper, after the successor serves, which then records how the
     * incarnation's thread ended.
     */
    private void retire(Sandbox s, Incarnation inc, Sandbox.State next) {
        inc.lease().revoke();
        inc.execution().halt();
        for (Channel c : s.inbound()) {
            long lost = c.settleFailedConsumer();
            if (lost > 0) {
                log.record(new MonitorEvent.MessagesLost(clock.nanoTime(), s.name(), c.name(), lost));
            }
        }
        s.moveTo(next);
        int logged = log.size();
        reaper.execute(() -> reap(s, inc, logged));
    }

    /**
     * Revokes a retired incarnation's partition and records how its thread ended. If a successor is
     * booting, waits (up to a second) until it serves, so the close's handshake stays off the recovery:
     * until then the old partition is nobody's but the zombie's, whose lease is already revoked.
     */
    private void reap(Sandbox s, Incarnation inc, int loggedAtRetirement) {
        String how;
        try {
            if (s.state() != Sandbox.State.STOPPED) {
                log.await(MonitorEvent.Serving.class, e -> e.sandbox().equals(s.name()) && e.incarnation() > inc.number(),
                        loggedAtRetirement, 1_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        inc.partition().revoke();
        try {
            if (!inc.execution().awaitExit(2_000)) {
                how = "thread still running 2 s after its partition was revoked";
            } else {
                Throwable cause = inc.execution().exitCause();
                how = cause == null ? "halted" : "ended by " + cause.getClass().getSimpleName() + ": " + cause.getMessage();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            how = "not awaited (monitor shutting down)";
        }
        log.record(new MonitorEvent.IncarnationEnded(clock.nanoTime(), s.name(), inc.number(), how));
    }

    private Hypercalls hypercalls(Sandbox s) {
        return new Hypercalls() {
            @Override
            public void serving(int incarnation, long nanos) {
                s.serving(incarnation);
                log.record(new MonitorEvent.Serving(nanos, s.name(), incarnation));
            }

            @Override
            public void appRestarted(int incarnation, Throwable cause, long nanos) {
                log.record(new MonitorEvent.AppRestarted(nanos, s.name(), incarnation,
                        cause.getClass().getSimpleName() + ": " + cause.getMessage()));
            }
        };
    }

    // ---- what others see ----------------------------------------------------------------------------

    public EventLog events() {
        return log;
    }

    public NanoClock clock() {
        return clock;
    }

    /** The injector whose events land in this monitor's log. Single-threaded: drive it from one thread. */
    public FaultInjector injector() {
        return injector;
    }

    public Sandbox sandbox(String name) {
        Sandbox s = chip.sandboxes().get(name);
        if (s == null) {
            throw new IllegalArgumentException("no sandbox named '" + name + "' (have " + chip.sandboxes().keySet() + ")");
        }
        return s;
    }

    public Collection<Sandbox> sandboxes() {
        return chip.sandboxes().values();
    }

    public List<Channel> channels() {
        return chip.channels();
    }

    public Core core(int id) {
        return chip.cores().get(id);
    }

    /** Stops supervising, retires every kernel (recording how each ended) and releases every partition. Idempotent. */
    @Override
    public void close() {
        running = false;
        try {
            supervisor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Sandbox s : chip.sandboxes().values()) {
            if (s.state() != Sandbox.State.STOPPED) {
                retire(s, s.current(), Sandbox.State.STOPPED);
            }
        }
        chip.cores().forEach(Core::halt);
        reaper.shutdown();
        try {
            reaper.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Sandbox s : chip.sandboxes().values()) {
            Partition spare = s.takeSpare();
            if (spare != null) {
                spare.revoke();
            }
        }
    }
}
