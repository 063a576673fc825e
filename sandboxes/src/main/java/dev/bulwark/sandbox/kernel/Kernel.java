package dev.bulwark.sandbox.kernel;

import dev.bulwark.hw.core.CoreProgram;
import dev.bulwark.hw.fault.Fault;
import dev.bulwark.hw.fault.FaultKind;
import dev.bulwark.hw.fault.FaultRefusedException;
import dev.bulwark.hw.fault.FaultTarget;
import dev.bulwark.hw.fault.MemoryArea;
import dev.bulwark.hw.memory.MemoryWindow;
import dev.bulwark.ipc.Message;
import dev.bulwark.ipc.Sender;
import dev.bulwark.ipc.channel.InPort;
import dev.bulwark.sandbox.app.App;
import dev.bulwark.sandbox.app.AppContext;
import dev.bulwark.sandbox.app.AppMemoryCorruptedException;
import dev.bulwark.sandbox.app.BlockPort;
import dev.bulwark.sandbox.app.ConsolePort;
import dev.bulwark.sandbox.app.NicPort;
import dev.bulwark.sandbox.replica.ReplicaLink;

import dev.bulwark.hw.device.Device;
import dev.bulwark.sandbox.app.DeviceEvent;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * One incarnation of a sandbox's kernel: the program its core runs.
 *
 * <h2>Event loop</h2>
 * The first pass boots: load the pristine image into the fresh partition, verify it, record the
 * incarnation, make its {@link EventSource}s, start the app. Every later pass:
 * <ol>
 *   <li>beats the heartbeat (time and progress);</li>
 *   <li>takes an armed fault, if any (fault injection acts on the kernel's own thread);</li>
 *   <li>runs each source in turn: the inbound channels (up to {@code pollBatch} messages from each), the
 *       driver of each device the sandbox owns, the app's timers, the scrub of its own data;</li>
 *   <li>after the first full pass, tells the monitor it is serving.</li>
 * </ol>
 * Adding a kind of work means adding a source, not growing this loop.
 *
 * <h2>Sleep</h2>
 * With nothing to do the kernel's core backs off and then sleeps on its doorbell: {@link #wakeAt} tells it
 * to stay awake while a fault or any source's work waits, and otherwise to wake by the earliest deadline of
 * its sources (a timer, a tick, a scrub, a driver's watchdog). Whoever brings work rings: a channel's producer
 * after each commit, a device when it publishes for its driver, the monitor when it arms a fault or halts the run.
 *
 * <h2>Epochs</h2>
 * A sandbox that rolls back has a {@link CheckpointStore}: its kernel's last source is a {@link Checkpointer},
 * its outbound ports hold what it sends until the epoch commits and its inbound ports keep the frames of what it
 * took until then (the monitor binds them so). An incarnation launched on the last committed checkpoint boots
 * {@code resumed}: its partition is the checkpoint's, not the pristine image, and its app is told so
 * ({@link AppContext#resumed()}): its inbound channels replay every message taken since that checkpoint.
 *
 * <h2>Failure</h2>
 * A throwable from the kernel itself escapes {@link #doWork()} and is a trap. A throwable from app code
 * is an app fault: the kernel restarts the app on a fresh instance and tells the monitor, except an
 * {@link AppMemoryCorruptedException} (the app found its own memory corrupt: a new instance on it would
 * too), which escapes as the kernel's, and except in a sandbox that checkpoints: there every app fault is the
 * kernel's, so that the monitor rolls back to the last checkpoint and replays what the app had taken since. Once the incarnation's lease is revoked nothing is an app fault any
 * more: whatever was thrown propagates, so a zombie ends.
 *
 * <p>Threading: everything but {@link #inject} runs on the core's thread. {@code armed} carries a fault
 * from the injecting thread to the kernel's (volatile hand-over, taken with getAndSet).
 */
public final class Kernel implements CoreProgram, FaultTarget {
    private static final Set<FaultKind> ACCEPTED =
            EnumSet.of(FaultKind.KERNEL_PANIC, FaultKind.HANG, FaultKind.BIT_FLIP, FaultKind.WILD_WRITE);
    /** A kernel that drives a device also takes bugs in its drivers. */
    private static final Set<FaultKind> ACCEPTED_WITH_DRIVERS =
            EnumSet.of(FaultKind.KERNEL_PANIC, FaultKind.HANG, FaultKind.BIT_FLIP, FaultKind.WILD_WRITE, FaultKind.DRIVER_BUG);

    private final KernelImage image;
    private final Boot boot;
    private final Timers timers = new Timers();
    private final AtomicReference<Fault> armed = new AtomicReference<>();
    private final Context context = new Context();
    private final Dispatch dispatch = new Dispatch();
    /** The drivers by device name: made with the kernel (the app may ask for its ports from start on). */
    private final Map<String, DeviceDriver> drivers = new LinkedHashMap<>();
    /**
     * Redundant execution: non-null in a copy of a redundant sandbox, whose inputs come from its input log and
     * whose outputs go to its replicator ({@link ReplicaLink}); then {@code replicaInputs} replaces the inbox and
     * the timers, and the context's clock, channels, timers and finish go through the replica's ports.
     */
    private final ReplicaLink replica;
    private ReplicaSource replicaInputs;
    private ReplicaOutputs replicaOutputs;

    private KernelData kernelData;
    private MemoryWindow appMemory;
    private EventSource[] sources;
    private App app;
    private boolean booted;
    private boolean serving;
    private boolean appFaultPending;
    private long progress;

    public Kernel(KernelImage image, Boot boot) {
        this(image, boot, null);
    }

    /**
     * A kernel of one copy of a redundant sandbox ({@code replica} non-null): its boot has one inbound port, its
     * log channel, and one outbound port, its output link (keyed by the sandbox's name), and no devices.
     */
    public Kernel(KernelImage image, Boot boot, ReplicaLink replica) {
        this.image = image;
        this.boot = boot;
        this.replica = replica;
        if (replica != null && (boot.inbox().size() != 1 || boot.outbox().size() != 1 || !boot.devices().isEmpty())) {
            throw new IllegalArgumentException("a copy of " + replica.sandbox() + " boots with its log channel and its "
                    + "output link alone, not " + boot.inbox().size() + " inbound, " + boot.outbox().keySet() + " outbound, "
                    + boot.devices().size() + " devices");
        }
        for (Device d : boot.devices()) {
            drivers.put(d.name(), DeviceDriver.of(d, boot.lease(), dispatch, image.config(), boot.clock()));
        }
    }

    @Override
    public int doWork() {
        long now = boot.clock().nanoTime();
        if (!booted) {
            boot(now);
            return 1;
        }
        boot.heartbeat().beat(now, progress);
        Fault fault = armed.get(); // a volatile load per pass; the atomic take only when there is one
        if (fault != null && (fault = armed.getAndSet(null)) != null) {
            take(fault);
        }
        int work = 0;
        for (EventSource source : sources) {
            work += source.doWork(now);
        }
        if (!serving) {
            serving = true;
            boot.hypercalls().serving(boot.incarnation());
        }
        progress += work;
        return work;
    }

    /**
     * Work waits if an armed fault or any source's work does (looked at after the doorbell was armed: their
     * producers ring after publishing); otherwise the kernel must wake at the earliest of its sources' deadlines.
     */
    @Override
    public long wakeAt(long now) {
        if (!booted || armed.get() != null) {
            return now;
        }
        long earliest = Long.MAX_VALUE;
        for (EventSource source : sources) {
            long at = source.wakeAt(now);
            if (at - now <= 0) {
                return now;
            }
            if (earliest == Long.MAX_VALUE || (at != Long.MAX_VALUE && at - earliest < 0)) {
                earliest = at;
            }
        }
        return earliest;
    }

    @Override
    public void onClose() {
        if (sources != null) {
            for (EventSource source : sources) {
                source.onClose();
            }
        }
    }

    private void boot(long now) {
        if (!boot.resumed()) {
            image.loadInto(boot.partition());
        } // else the monitor restored the last committed checkpoint into it; its kernel data is verified below
        kernelData = new KernelData(boot.partition().window(0, KernelData.BYTES));
        kernelData.verify();
        kernelData.incarnation(boot.incarnation());
        appMemory = boot.partition().window(kernelData.appBase(), kernelData.appBytes());
        List<EventSource> all = new ArrayList<>();
        if (replica == null) {
            all.add(new InboxSource(boot.inbox().toArray(new InPort[0]), image.config().pollBatch(), dispatch));
            all.addAll(drivers.values());
            all.add(new TimerSource(timers, dispatch));
        } else { // redundant execution: the input log is the copy's inbox and timers (see ReplicaSource)
            replicaInputs = new ReplicaSource(boot.inbox().getFirst(), image.config().pollBatch(), dispatch,
                    replica.generation(), replica.startNanos());
            replicaOutputs = new ReplicaOutputs(replica, boot.outbox().values().iterator().next());
            all.add(replicaInputs);
        }
        all.add(new ScrubSource(kernelData, image.config().scrubPeriodNanos(), now));
        if (boot.checkpoints() != null) { // last: an epoch ends between handlers, after the pass's timers
            all.add(new Checkpointer(boot.checkpoints(), boot.partition(), boot.lease(), kernelData,
                    () -> app.checkpointable(), boot.inbox(), boot.outbox(), now));
        }
        sources = all.toArray(new EventSource[0]);
        for (EventSource source : sources) {
            source.onStart();
        }
        app = image.code().create(image.params());
        app.start(context);
        booted = true;
    }

    /** Hands events to the app under the app-fault guard. */
    private final class Dispatch implements AppDispatch {
        @Override
        public void message(Message m) {
            try {
                raisePendingAppFault();
                app.onMessage(context, m);
            } catch (AppMemoryCorruptedException e) {
                throw e;
            } catch (RuntimeException e) {
                restartApp(e);
            }
        }

        @Override
        public void timer(long timerId) {
            try {
                raisePendingAppFault();
                app.onTimer(context, timerId);
            } catch (AppMemoryCorruptedException e) {
                throw e;
            } catch (RuntimeException e) {
                restartApp(e);
            }
        }

        @Override
        public void device(DeviceEvent event) {
            try {
                raisePendingAppFault();
                app.onDevice(context, event);
            } catch (AppMemoryCorruptedException e) {
                throw e;
            } catch (RuntimeException e) {
                restartApp(e);
            }
        }
    }

    private void raisePendingAppFault() {
        if (appFaultPending) {
            appFaultPending = false;
            throw new AppFaultException("injected fault in app code of " + image.sandboxName());
        }
    }

    /** Level-one recovery: a fresh app instance, same memory. A start that throws is the kernel's failure. */
    private void restartApp(RuntimeException cause) {
        if (boot.lease().isRevoked() || boot.checkpoints() != null) {
            // in a sandbox that checkpoints, an app restart would drop what the app held on its heap while the inputs
            // that made it are not replayed; the kernel's failure instead rolls back, and replays them
            throw cause;
        }
        kernelData.countAppRestart();
        timers.clear();
        boot.hypercalls().appRestarted(boot.incarnation(), cause);
        app = image.code().create(image.params());
        app.start(context);
    }

    private void take(Fault fault) {
        switch (fault) {
            case Fault.KernelPanic(Fault.Site site) when site == Fault.Site.APP -> appFaultPending = true;
            case Fault.KernelPanic p -> throw new KernelPanicException("injected kernel panic in " + image.sandboxName());
            case Fault.Hang h -> hang();
            case Fault.DriverBug(boolean hangs) when hangs -> hang(); // the driver spins on the kernel's thread
            case Fault.DriverBug d -> throw new DriverBugException("injected bug in the driver of "
                    + drivers.values().iterator().next().hardware() + " in " + image.sandboxName());
            case Fault.WildWrite(long distance) -> boot.partition().window(0, boot.partition().byteSize())
                    .putLong(boot.partition().byteSize() + distance, 0xBADL);
            default -> throw new IllegalStateException("kernel cannot take " + fault);
        }
    }

    /**
     * An injected hang: the kernel stops making progress, as if spinning on a lock that is never released.
     * It keeps polling the lock word in its partition, parking between polls so it does not hold a host
     * CPU; once the monitor revokes the partition the next poll throws and the zombie ends.
     */
    private void hang() {
        MemoryWindow lockWord = boot.partition().window(KernelData.BYTES, Long.BYTES);
        while (lockWord.getLong(0) != -1L) {
            LockSupport.parkNanos(100_000);
        }
    }

    @Override
    public String targetName() {
        return image.sandboxName();
    }

    @Override
    public Set<FaultKind> acceptedFaults() {
        return drivers.isEmpty() ? ACCEPTED : ACCEPTED_WITH_DRIVERS;
    }

    @Override
    public long areaBytes(MemoryArea area) {
        return switch (area) {
            case KERNEL_DATA -> KernelData.SEALED_BYTES;
            case APP_DATA -> image.appBytes();
        };
    }

    /**
     * Memory faults act at once, as hardware does; the others are armed and taken by the kernel's thread
     * at its next pass. One fault is armed at a time: another before it is taken is refused, never lost.
     */
    @Override
    public void inject(Fault fault) {
        switch (fault) {
            case Fault.BitFlip(MemoryArea area, long offset, int bit) -> boot.partition().flipBit(
                    (area == MemoryArea.KERNEL_DATA ? 0 : image.appBase()) + offset, bit);
            case Fault.KernelPanic _, Fault.Hang _, Fault.WildWrite _, Fault.DriverBug _ -> {
                if (!armed.compareAndSet(null, fault)) {
                    throw new FaultRefusedException(targetName() + "#" + boot.incarnation()
                            + " has not yet taken the fault armed before it: one at a time");
                }
            }
            default -> throw new IllegalArgumentException(targetName() + " does not accept " + fault.kind());
        }
    }

    public int incarnation() {
        return boot.incarnation();
    }

    /**
     * Takes back a fault that was armed but not yet taken (for the monitor, once this incarnation can no
     * longer run: it reports such a fault instead of letting it vanish with the kernel). Null if none.
     */
    public Fault disarm() {
        return armed.getAndSet(null);
    }

    /** The app restarts recorded in the kernel's data (0 before boot). */
    public long appRestarts() {
        return kernelData == null ? 0 : kernelData.appRestarts();
    }

    private final class Context implements AppContext {
        @Override
        public String sandboxName() {
            return replica != null ? replica.sandbox() : image.sandboxName();
        }

        @Override
        public int incarnation() {
            return replica != null ? replica.generation() : boot.incarnation();
        }

        @Override
        public long now() {
            return replica != null ? replicaInputs.logicalNanos() : boot.clock().nanoTime();
        }

        @Override
        public boolean resumed() {
            return boot.resumed();
        }

        @Override
        public Sender channelTo(String to) {
            Sender port = replica != null ? replicaOutputs.sender(to) : boot.outbox().get(to);
            if (port == null) {
                throw new IllegalArgumentException(sandboxName() + " has no channel to '" + to + "' (granted: "
                        + new TreeSet<>(replica != null ? replicaOutputs.receivers() : boot.outbox().keySet()) + ")");
            }
            return port;
        }

        @Override
        public void setTimer(long delayNanos, long timerId) {
            if (replica != null) {
                replicaOutputs.timer(delayNanos, timerId); // armed by the replicator once the copies agree
                return;
            }
            timers.add(boot.clock().nanoTime() + Math.max(0, delayNanos), timerId);
        }

        @Override
        public MemoryWindow memory() {
            return appMemory;
        }

        @Override
        public void finish(boolean success, String summary) {
            if (replica != null) {
                replicaOutputs.finish(success, summary); // the replicator reports the agreed finish
                return;
            }
            boot.hypercalls().jobFinished(boot.incarnation(), success, summary);
        }

        @Override
        public NicPort nic(String device) {
            return port(device, NicPort.class, "NIC");
        }

        @Override
        public BlockPort block(String device) {
            return port(device, BlockPort.class, "block device");
        }

        @Override
        public ConsolePort console(String device) {
            return port(device, ConsolePort.class, "console");
        }

        private <P> P port(String device, Class<P> type, String kind) {
            DeviceDriver driver = drivers.get(device);
            if (driver != null && type.isInstance(driver)) {
                return type.cast(driver);
            }
            throw new IllegalArgumentException(image.sandboxName() + " owns no " + kind + " named '" + device
                    + "' (it owns: " + (drivers.isEmpty() ? "no devices" : drivers.values().stream()
                    .map(d -> d.hardware().toString()).collect(Collectors.joining(", "))) + ")");
        }
    }
}
