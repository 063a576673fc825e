package dev.bulwark.monitor;

import dev.bulwark.hw.clock.NanoClock;
import dev.bulwark.hw.core.BackoffIdleStrategy;
import dev.bulwark.hw.core.BusySpinIdleStrategy;
import dev.bulwark.hw.core.Core;
import dev.bulwark.hw.core.CoreFailedException;
import dev.bulwark.hw.core.Execution;
import dev.bulwark.hw.core.IdleStrategy;
import dev.bulwark.hw.core.Lease;
import dev.bulwark.hw.core.Trap;
import dev.bulwark.hw.core.TrapHandler;
import dev.bulwark.hw.device.Device;
import dev.bulwark.hw.device.DeviceCorruptionException;
import dev.bulwark.hw.device.DeviceErrorException;
import dev.bulwark.hw.device.DeviceTimeoutException;
import dev.bulwark.hw.fault.Fault;
import dev.bulwark.hw.fault.FaultInjector;
import dev.bulwark.hw.memory.Backing;
import dev.bulwark.hw.memory.Partition;
import dev.bulwark.ipc.channel.Channel;
import dev.bulwark.ipc.channel.CorruptFrameListener;
import dev.bulwark.ipc.channel.FrameCorrupter;
import dev.bulwark.ipc.channel.InPort;
import dev.bulwark.ipc.channel.OutPort;
import dev.bulwark.monitor.device.RespWire;
import dev.bulwark.monitor.event.Detection;
import dev.bulwark.monitor.event.MonitorEvent;
import dev.bulwark.monitor.event.MonitorFault;
import dev.bulwark.monitor.policy.Supervisors;
import dev.bulwark.monitor.replica.OutputMismatchException;
import dev.bulwark.monitor.replica.Redundancy;
import dev.bulwark.monitor.replica.ReplicaSet;
import dev.bulwark.monitor.spec.IdleMode;
import dev.bulwark.monitor.spec.SpecProblem;
import dev.bulwark.monitor.spec.SpecValidator;
import dev.bulwark.monitor.spec.SystemSpec;
import dev.bulwark.sandbox.app.AppMemoryCorruptedException;
import dev.bulwark.sandbox.app.AppRegistry;
import dev.bulwark.sandbox.kernel.Boot;
import dev.bulwark.sandbox.kernel.CheckpointStore;
import dev.bulwark.sandbox.kernel.Heartbeat;
import dev.bulwark.sandbox.kernel.Hypercalls;
import dev.bulwark.sandbox.kernel.Kernel;
import dev.bulwark.sandbox.kernel.KernelDataCorruptedException;
import dev.bulwark.sandbox.replica.ReplicaLink;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The monitor: boots the chip, grants channels, detects failed kernels, recovers them, records it all.
 *
 * <h2>Boot</h2>
 * Every sandbox's first backing is allocated (zero-filled) in parallel, every first incarnation is made
 * current on its core, and all cores power on together: their threads start parked behind one gate, so the
 * last starts as quickly as the first however many there are; the reaper then allocates each sandbox's second
 * backing, its spare. {@link #boot} returns then; {@link #awaitBooted} waits
 * until every sandbox has served once (or been stopped). When the chip pins (chip.pin), each core's thread
 * pins itself to its host CPU first thing, so {@link #pinning()} is complete by then.
 *
 * <h2>Detection</h2>
 * Traps arrive from cores (an exception escaped a kernel; the cause says whether it was a panic, a
 * failed checksum scrub, a memory violation or a failed core). Hangs are found by the supervisor loop:
 * a running kernel silent for longer than the heartbeat timeout (no heartbeat, and its core not asleep on
 * its doorbell, where an idle kernel waits outside the kernel; and not merely waiting for a host CPU, which
 * {@link Starvation} tells from a hang by the thread's CPU time; ten times that, at least a
 * second, while it is still booting), judged every tenth of the timeout, except in a round that follows a
 * stall of the supervisor itself of half a timeout: then every thread was stalled, not one kernel.
 *
 * <h2>Recovery</h2>
 * The failed incarnation is retired: the sandbox stops taking faults, its lease is revoked (no port
 * operation of it is under way once that returns), its run halted, a fault still armed in it reported,
 * what it took from its channels but never handled counted as lost. Then the sandbox's supervisor (its group's,
 * OTP-style: {@link dev.bulwark.monitor.policy.Supervisor}) plans the recovery, within its schemes' restart
 * intensities, and {@link Recoveries} carries the plan out: retire the group-mates its strategy takes down,
 * back off, launch each new incarnation (from the pristine image, re-attached to the same channels and devices,
 * on its own core or a spare if that core failed for good, with a zeroed backing or, under microreboot, the
 * memory the failed one left once the app's check passed), or stop. A restart maps the sandbox's zeroed spare
 * backing; off the critical path the {@link Reaper} closes the failed incarnation's mapping and zeroes its
 * backing, which becomes the next spare. Only when there is no spare yet (just after power-on, or a failure
 * before the last recovery's backing came back) does the restart close the failed mapping and zero its backing
 * itself, on the critical path: it never allocates.
 *
 * <h2>The control plane does not die</h2>
 * One supervisor thread makes every decision; cores only enqueue traps, kernels only record events, and
 * listeners run on the event log's publisher. Every step of the supervisor runs guarded: a throwable is
 * recorded as a {@link MonitorFault}, counted, and the loop carries on; a sandbox the step left without a
 * kernel is stopped with the reason, never left recovering for good.
 */
public final class Monitor implements AutoCloseable {
    private final NanoClock clock;
    private final int pageBytes;
    /** What idle cores do (chip.idle): see {@link #idleStrategy()}. */
    private final IdleMode idleMode;
    private final EventLog log;
    private final Chip chip;
    private final FaultInjector injector;
    private final Reaper reaper;
    private final Recoveries recoveries;
    private final Standbys standbys;
    /** Redundant execution: the replicators of the redundant sandboxes, whose copies are sandboxes here. */
    private final Replication replication;
    private final ConcurrentLinkedQueue<TrapReport> traps = new ConcurrentLinkedQueue<>();
    private final Thread supervisor = Thread.ofPlatform().name("monitor").daemon(true).unstarted(this::supervise);
    private final long heartbeatTimeoutNanos;
    private final long bootTimeoutNanos;
    private final CountDownLatch booted;
    private final AtomicLong monitorFaults = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean running = true;

    /** How the monitor makes a NIC's wire side: a Netty server speaking the spec's protocol (RESP, validated). */
    private static final Devices.WireMaker WIRES = (nic, spec, events) -> {
        RespWire wire = new RespWire(nic, spec.host(), spec.port(), events);
        wire.start();
        return wire;
    };

    private record TrapReport(Sandbox sandbox, int incarnation, Trap trap) {
    }

    private Monitor(SystemSpec spec, AppRegistry apps, NanoClock clock, long seed) {
        this.clock = clock;
        this.pageBytes = spec.chip().pageBytes();
        this.idleMode = spec.chip().idle();
        this.log = new EventLog(clock);
        Devices devices = Devices.open(spec.devices(), pageBytes, clock, log, WIRES);
        Redundancy.Expansion redundancy; // the chip runs each redundant sandbox as its copies
        try {
            redundancy = Redundancy.expand(spec);
            this.chip = Chip.build(redundancy.spec(), apps, clock, devices);
        } catch (RuntimeException | Error e) {
            devices.close();
            log.close();
            throw e;
        }
        this.injector = new FaultInjector(seed, log);
        this.reaper = new Reaper(log, pageBytes);
        this.recoveries = new Recoveries(this, Supervisors.of(redundancy.spec()), chip.sandboxes(), chip.cores(), log, clock);
        this.standbys = new Standbys(this, log, chip.cores(), this::idleStrategy, chip.sandboxes().values());
        Map<String, dev.bulwark.monitor.spec.RecoverySpec> redundantRecovery = new HashMap<>();
        redundancy.sets().forEach(r -> redundantRecovery.put(r.sandbox(), spec.recoveryOf(r.sandbox())));
        this.replication = new Replication(this, redundancy.sets(), redundantRecovery, chip.sandboxes(), chip.channels(),
                log, clock);
        this.heartbeatTimeoutNanos = spec.detection().heartbeatTimeout().toNanos();
        this.bootTimeoutNanos = Math.max(10 * heartbeatTimeoutNanos, TimeUnit.SECONDS.toNanos(1));
        this.booted = new CountDownLatch(chip.sandboxes().size());
    }

    /**
     * Builds the chip described by {@code spec}, powers every sandbox on and starts supervising. Returns
     * once every core has started; the kernels boot concurrently (see {@link #awaitBooted}).
     *
     * @throws IllegalArgumentException listing every problem, if the spec is not valid
     */
    public static Monitor boot(SystemSpec spec, AppRegistry apps, NanoClock clock, long faultSeed) {
        List<SpecProblem> errors = SpecValidator.validate(spec, apps).stream().filter(SpecProblem::isError).toList();
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid system spec: " + errors);
        }
        Monitor monitor = new Monitor(spec, apps, clock, faultSeed);
        try {
            monitor.powerOn();
        } catch (RuntimeException | Error e) {
            monitor.close();
            throw e;
        }
        monitor.supervisor.start();
        return monitor;
    }

    public static Monitor boot(SystemSpec spec, AppRegistry apps) {
        return boot(spec, apps, NanoClock.SYSTEM, 1);
    }

    private void powerOn() {
        List<Sandbox> all = List.copyOf(chip.sandboxes().values());
        List<Backing> backings = all.parallelStream().map(s -> s.allocateBacking(pageBytes)).toList();
        CountDownLatch gate = new CountDownLatch(1);
        replication.start();
        for (int i = 0; i < all.size(); i++) {
            launch(all.get(i), 1, backings.get(i), false).startAfter(gate);
        }
        gate.countDown();
        all.forEach(reaper::stockSpare);
    }

    /**
     * Waits until every sandbox has served once or been stopped; returns whether that happened within
     * the timeout.
     */
    public boolean awaitBooted(long timeout, TimeUnit unit) throws InterruptedException {
        return booted.await(timeout, unit);
    }

    // ---- supervision: runs on the supervisor thread only --------------------------------------------

    private void supervise() {
        long watchPeriod = Math.max(heartbeatTimeoutNanos / 10, 100_000);
        long lastWatch = clock.nanoTime();
        long nextWatch = lastWatch + watchPeriod;
        while (running) {
            int work = 0;
            for (TrapReport r; (r = traps.poll()) != null; work++) {
                TrapReport report = r;
                guarded("handling a trap of " + r.sandbox().name(), () -> onTrap(report));
            }
            long now = clock.nanoTime();
            if (now - nextWatch >= 0) {
                // A supervisor that could not run for half a timeout means the whole process stalled (a
                // safepoint, the host): no kernel could beat either, so this round's ages prove nothing.
                if (now - lastWatch < heartbeatTimeoutNanos / 2) {
                    guarded("watching heartbeats", () -> watchHeartbeats(now));
                }
                if (standbys.any()) {
                    guarded("building warm standbys", standbys::replenish);
                }
                lastWatch = now;
                nextWatch = now + watchPeriod;
            }
            long due = recoveries.nextDueNanos();
            if (due != Long.MAX_VALUE && now - due >= 0) {
                guarded("carrying out a plan after its backoff", () -> recoveries.runDue(now));
                work++;
            }
            if (work == 0) { // until the next watch or plan, or a trap unparks it
                long wake = due != Long.MAX_VALUE && due - nextWatch < 0 ? due : nextWatch;
                LockSupport.parkNanos(wake - clock.nanoTime());
            }
        }
    }

    /**
     * Runs one step of the supervisor. A throwable is a fault of the monitor: recorded, counted, and the
     * loop goes on; every sandbox it left recovering with no plan to launch it (no kernel, none coming) is stopped.
     */
    private void guarded(String during, Runnable step) {
        try {
            step.run();
        } catch (Throwable t) {
            monitorFaults.incrementAndGet();
            try {
                log.record(nanos -> new MonitorFault(nanos, during, Causes.describe(t)));
                for (Sandbox stranded : recoveries.stranded()) {
                    stop(stranded, "the monitor failed while recovering it (" + Causes.describe(t) + ")");
                }
            } catch (Throwable ignored) {
                // Recording failed too (out of memory, say): the count above still shows the fault.
            }
        }
    }

    private void onTrap(TrapReport r) {
        Sandbox s = r.sandbox();
        if (s.state() != Sandbox.State.RUNNING || s.incarnation() != r.incarnation()) {
            return; // a late report about an incarnation already retired
        }
        Throwable cause = r.trap().cause();
        Detection how = switch (cause) {
            case KernelDataCorruptedException e -> Detection.CHECKSUM;
            case AppMemoryCorruptedException e -> Detection.CHECKSUM;
            case IndexOutOfBoundsException e -> Detection.MEMORY_VIOLATION;
            case CoreFailedException e -> Detection.CORE_FAILURE;
            case DeviceTimeoutException e -> Detection.DRIVER_TIMEOUT;
            case DeviceErrorException e -> Detection.DEVICE_ERROR;
            case DeviceCorruptionException e -> Detection.CHECKSUM;
            case OutputMismatchException e -> Detection.OUTPUT_MISMATCH;
            default -> Detection.TRAP;
        };
        recover(s, how, Causes.describe(cause));
    }

    private void watchHeartbeats(long now) {
        for (Sandbox s : chip.sandboxes().values()) {
            if (s.state() != Sandbox.State.RUNNING) {
                continue;
            }
            long silent = s.silentNanos(now);
            if (s.starvation.hung(s.execution(), now, silent, s.isServing() ? heartbeatTimeoutNanos : bootTimeoutNanos)) {
                guarded("recovering " + s.name() + " from a hang",
                        () -> recover(s, Detection.HEARTBEAT, "no heartbeat for " + silent / 1_000_000 + " ms"));
            }
        }
    }

    /**
     * Recovers {@code s}, whose current incarnation failed: records the detection, retires the incarnation, and
     * hands the rest to its supervisor's plan ({@link Recoveries}).
     */
    private void recover(Sandbox s, Detection how, String cause) {
        Incarnation failed = s.current();
        MonitorEvent.FaultDetected detected = log.record(nanos ->
                new MonitorEvent.FaultDetected(nanos, s.name(), failed.number(), how, cause));
        long logged = retire(s, failed, Sandbox.State.RECOVERING);
        s.retired(new Sandbox.Retirement(failed, logged));
        if (!replication.rebuild(s, s.retirement())) { // a redundant copy is rebuilt from a good one, if it can be
            recoveries.failed(s, detected.nanos());
        }
    }

    /**
     * A failure of {@code incarnation} of {@code s} found outside its core (a replicator's output comparison): a
     * trap like any other, handled on the supervisor thread. Any thread.
     */
    void detected(Sandbox s, int incarnation, Throwable cause) {
        traps.offer(new TrapReport(s, incarnation, new Trap(s.core().id(), s.execution(), cause, clock.nanoTime())));
        LockSupport.unpark(supervisor);
    }

    void stop(Sandbox s, String reason) {
        synchronized (s) {
            s.stopped(reason);
        }
        log.record(nanos -> new MonitorEvent.Stopped(nanos, s.name(), reason));
        if (s.markBooted()) {
            booted.countDown();
        }
    }

    // ---- incarnations -------------------------------------------------------------------------------

    /**
     * Makes incarnation {@code number} of {@code s} current on its core, in a new mapping of {@code backing}
     * (one of the sandbox's two, unmapped), on the same channels, and returns its run for the caller to start.
     * {@code resumed}: the mapping is filled with the sandbox's last committed checkpoint and the kernel resumes
     * from it (a rollback); otherwise it boots from the pristine image on whatever the backing holds (zeroed for a
     * restart, the last incarnation's memory for a microreboot). A sandbox that checkpoints gets holding outbound
     * ports and gated inbound ones, its channels settled first ({@link #settle}).
     *
     * @throws CoreFailedException if the core has failed for good (nothing was made current, the mapping closed)
     * @throws dev.bulwark.hw.memory.RegionMappedException if {@code backing} is still mapped (nothing was made current)
     */
    Execution launch(Sandbox s, int number, Backing backing, boolean resumed) {
        Lease lease = new Lease(s.name() + "#" + number);
        Partition partition = backing.map(lease.holder());
        if (s.checkpoints() != null && number > 1) {
            settle(s, number, resumed ? partition : null, resumed);
        }
        Heartbeat heartbeat = new Heartbeat(clock.nanoTime());
        Kernel kernel = kernel(s, number, lease, partition, heartbeat, resumed);
        Execution run;
        try {
            synchronized (s) { // current before the thread starts: the incarnation's first event finds it current
                run = s.core().load(lease.holder(), kernel, idleStrategy(), trapsOf(s, number));
                s.launched(new Incarnation(number, kernel, backing, partition, lease, heartbeat, run));
            }
            attach(s, number, run);
        } catch (CoreFailedException e) {
            partition.revoke();
            replication.retired(s);
            throw e;
        }
        log.record(nanos -> new MonitorEvent.Booted(nanos, s.name(), number, s.core().id()));
        return run;
    }

    /**
     * Makes incarnation {@code number} of {@code s} the kernel its ready warm standby runs from its next pass: the
     * channels (settled first: a checkpointing sandbox's are rewound to its last committed checkpoint, which the
     * standby catches up to itself) and devices are bound to the standby's lease and rung to its core, whose thread
     * is already running. The sandbox has moved to the standby's core. Nothing here starts a thread or maps memory.
     */
    void promote(Sandbox s, int number, Standbys.Ready standby) {
        if (s.checkpoints() != null) {
            settle(s, number, null, true);
        }
        Heartbeat heartbeat = new Heartbeat(clock.nanoTime());
        Kernel kernel = kernel(s, number, standby.lease(), standby.program().partition(), heartbeat, s.checkpoints() != null);
        synchronized (s) {
            s.launched(new Incarnation(number, kernel, standby.backing(), standby.program().partition(), standby.lease(),
                    heartbeat, standby.run()));
        }
        standby.promoted(number);
        attach(s, number, standby.run());
        log.record(nanos -> new MonitorEvent.Booted(nanos, s.name(), number, standby.core())); // before it can serve
        standby.program().promote(kernel);
        standby.run().doorbell().ring();
    }

    /** Incarnation {@code number}'s kernel, its ports bound to {@code lease} (holding and gated if it checkpoints). */
    private Kernel kernel(Sandbox s, int number, Lease lease, Partition partition, Heartbeat heartbeat, boolean resumed) {
        boolean epochs = s.checkpoints() != null;
        List<InPort> inbox = s.inbound().stream()
                .map(c -> c.consumer(lease, epochs).reportingTo(corruptFrames(s, number))).toList();
        Map<String, OutPort> outbox = new HashMap<>();
        for (Channel c : s.outbound()) {
            outbox.put(c.to(), c.producer(s.id(), number, lease, epochs));
        }
        ReplicaLink copy = replication.startOf(s, number); // null unless s is a redundant sandbox's copy
        return new Kernel(s.image(), new Boot(number, partition, lease, inbox, outbox, s.devices(), heartbeat,
                hypercalls(s), clock, s.checkpoints(), resumed), copy);
    }

    /** What a trap of incarnation {@code number}'s core does: tells the supervisor, and wakes it (a trap is urgent). */
    TrapHandler trapsOf(Sandbox s, int number) {
        return trap -> {
            traps.offer(new TrapReport(s, number, trap));
            LockSupport.unpark(supervisor);
        };
    }

    /** Rings {@code run}'s core for every send to {@code s} and every device event, from its first sleep on. */
    private static void attach(Sandbox s, int number, Execution run) {
        for (Channel c : s.inbound()) {
            c.wakes(run.doorbell());
        }
        for (Device d : s.devices()) {
            d.attach(s.name(), number, run.doorbell()); // resets what the failed one left; rings this one from now
        }
    }

    /**
     * Settles the channels of a checkpointing sandbox whose last incarnation is retired, before incarnation
     * {@code number} binds them: completes its last committed epoch if it failed between commit and release (the
     * store's image, the held outputs through the recorded positions, the frames it had committed taking), then
     * either ({@code rewind}: a rollback, a failover) rewinds each inbound channel to the checkpoint, so the messages
     * taken since are replayed, and restores the image into {@code restoreInto} (null: a standby catches up itself),
     * or (a restart, a stop, the shutdown) counts those as lost. What the failed incarnation held beyond the checkpoint is dropped either way:
     * no one ever saw it. Monitor thread, after the incarnation's lease was revoked.
     */
    void settle(Sandbox s, int number, Partition restoreInto, boolean rewind) {
        CheckpointStore cp = s.checkpoints();
        cp.recover();
        long released = 0;
        long escaped = 0; // published beyond the checkpoint: outputs of an epoch that never committed, seen (0 by design)
        for (int i = 0; i < cp.outbound().size(); i++) {
            Channel c = s.outboundChannel(cp.outbound().get(i));
            escaped += Math.max(0, c.published() - cp.written(i));
            released += c.releaseHeldThrough(cp.written(i));
        }
        long replayed = 0;
        for (int i = 0; i < cp.inbound().size(); i++) {
            Channel c = s.inboundChannel(cp.inbound().get(i));
            if (rewind) {
                replayed += c.rewindConsumer(cp.consumed(i));
            } else {
                c.commitConsumedThrough(cp.consumed(i));
                settleLost(s, c);
            }
        }
        if (rewind) {
            int pages = restoreInto == null ? 0 : cp.restoreInto(restoreInto);
            long epoch = cp.appliedEpoch();
            long replays = replayed;
            long outputs = released;
            long seen = escaped;
            log.record(nanos -> new MonitorEvent.RolledBack(nanos, s.name(), number, epoch, pages, replays, outputs, seen));
        }
    }

    /** Counts what the retired consumer of {@code c} took but never handled (or never committed) as lost. */
    private void settleLost(Sandbox s, Channel c) {
        long lost = c.settleFailedConsumer();
        if (lost > 0) {
            log.record(nanos -> new MonitorEvent.MessagesLost(nanos, s.name(), c.name(), lost));
        }
    }

    /**
     * A new kernel's idle strategy, as chip.idle says: SPIN busy-spins (a host CPU per core, for latency
     * benchmarks); BACKOFF spins, yields, then sleeps on the core's doorbell until work or its next timer.
     */
    private IdleStrategy idleStrategy() {
        return switch (idleMode) {
            case SPIN -> new BusySpinIdleStrategy();
            case BACKOFF -> BackoffIdleStrategy.forSleepers();
        };
    }

    /**
     * Takes an incarnation out of service. The sandbox moves to {@code next} first, so from then on a
     * fault is refused rather than delivered to it; revoking the lease waits out any port operation in
     * progress, so its channels can be settled exactly. The caller then hands the incarnation to the reaper
     * (which closes its mapping), deciding where its backing goes.
     *
     * @return the size of the event log at retirement, for the reaper to look for the successor's events after it
     */
    long retire(Sandbox s, Incarnation inc, Sandbox.State next) {
        synchronized (s) {
            s.moveTo(next);
        }
        replication.retired(s);
        inc.lease().revoke();
        inc.execution().halt();
        Fault untaken = inc.kernel().disarm();
        if (untaken != null) {
            log.record(nanos -> new MonitorEvent.FaultNotTaken(nanos, s.name(), inc.number(), untaken));
        }
        if (s.checkpoints() == null) { // a checkpointing sandbox's are settled as its next launch (or stop) decides
            for (Channel c : s.inbound()) {
                settleLost(s, c);
            }
        }
        return log.size();
    }

    /**
     * What incarnation {@code number} of {@code s} reports of each corrupt message its inbound ports drop: a detection,
     * recorded, not a failure (the kernel goes on). Called on the kernel's thread, like a hypercall; the port, not the
     * kernel, calls it, so the kernel needs no part in it.
     */
    private CorruptFrameListener corruptFrames(Sandbox s, int number) {
        return (channel, seq) -> log.record(nanos ->
                new MonitorEvent.MessageCorrupted(nanos, s.name(), number, channel.name(), seq));
    }

    private Hypercalls hypercalls(Sandbox s) {
        return new Hypercalls() {
            @Override
            public void serving(int incarnation) {
                s.serving(incarnation);
                log.record(nanos -> new MonitorEvent.Serving(nanos, s.name(), incarnation));
                if (s.markBooted()) {
                    booted.countDown();
                }
            }

            @Override
            public void appRestarted(int incarnation, Throwable cause) {
                log.record(nanos -> new MonitorEvent.AppRestarted(nanos, s.name(), incarnation, Causes.describe(cause)));
            }

            @Override
            public void jobFinished(int incarnation, boolean success, String summary) {
                if (s.markFinished()) {
                    log.record(nanos -> new MonitorEvent.JobFinished(nanos, s.name(), incarnation, success, summary));
                }
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

    /** The redundant sandboxes, each with its copies (sandboxes of this chip) and its replicator's channels. */
    public List<ReplicaSet> redundant() {
        return replication.sets();
    }

    public List<Channel> channels() {
        return chip.channels();
    }

    /** The warm standbys (supervisor thread). */
    Standbys standbys() {
        return standbys;
    }

    /** The channel named {@code name} ({@code front->kv-1}) as a fault target, for MESSAGE_CORRUPTION. */
    public FrameCorrupter channel(String name) {
        for (Channel c : chip.channels()) {
            if (c.name().equals(name)) {
                return c.corrupter();
            }
        }
        throw new IllegalArgumentException("no channel named '" + name + "' (have "
                + chip.channels().stream().map(Channel::name).toList() + ")");
    }

    /** Its reaper: the monitor's work off the recovery's critical path. */
    Reaper reaper() {
        return reaper;
    }

    /** The chip's devices, in config order. */
    public Collection<Device> devices() {
        return chip.devices().all();
    }

    /** The device named {@code name} (a fault target for DEVICE_FAILURE). */
    public Device device(String name) {
        Device d = chip.devices().get(name);
        if (d == null) {
            throw new IllegalArgumentException("no device named '" + name + "' (have "
                    + chip.devices().all().stream().map(Device::name).toList() + ")");
        }
        return d;
    }

    public Core core(int id) {
        return chip.cores().get(id);
    }

    /**
     * Where the cores' threads are pinned (chip.pin), and what could not be and why. Complete once
     * {@link #awaitBooted} has returned true: each run pins its own thread before its kernel's first pass.
     */
    public PinningReport pinning() {
        return PinningReport.of(chip.sandboxes().values());
    }

    /** Throwables the supervisor caught in its own steps (each also recorded as a {@link MonitorFault}). */
    public long monitorFaults() {
        return monitorFaults.get();
    }

    /**
     * Shuts down in good order: stops supervising, halts every kernel and lets each finish its pass, then
     * revokes leases and mappings, records how each incarnation ended, and frees every sandbox's backings. Afterwards nothing runs, so
     * channel counters are final. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        running = false;
        LockSupport.unpark(supervisor);
        try {
            if (supervisor.getState() != Thread.State.NEW) {
                supervisor.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Sandbox> live = new ArrayList<>();
        for (Sandbox s : chip.sandboxes().values()) {
            Incarnation inc = s.current();
            if (inc != null && s.state() != Sandbox.State.STOPPED) {
                inc.execution().halt();
                live.add(s);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Reaper.EXIT_WAIT_MILLIS);
        for (Sandbox s : live) {
            try {
                s.current().execution().awaitExit(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Incarnation inc = s.current();
            long logged = retire(s, inc, Sandbox.State.SHUT_DOWN);
            if (s.checkpoints() != null) {
                settle(s, inc.number(), null, false);
            }
            reaper.reap(s, inc, logged);
        }
        standbys.close();
        replication.close();
        reaper.close(() -> chip.sandboxes().values().forEach(Sandbox::freeBackings), TimeUnit.SECONDS.toMillis(5));
        chip.devices().close();
        log.close();
    }
}
