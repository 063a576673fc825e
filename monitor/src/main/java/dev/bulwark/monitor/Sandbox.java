package dev.bulwark.monitor;

import dev.bulwark.hw.core.Core;
import dev.bulwark.hw.device.Device;
import dev.bulwark.hw.fault.Fault;
import dev.bulwark.hw.fault.FaultKind;
import dev.bulwark.hw.fault.FaultRefusedException;
import dev.bulwark.hw.fault.FaultTarget;
import dev.bulwark.hw.fault.MemoryArea;
import dev.bulwark.hw.memory.Backing;
import dev.bulwark.hw.memory.Region;
import dev.bulwark.hw.core.Doorbell;
import dev.bulwark.hw.core.Execution;
import dev.bulwark.ipc.channel.Channel;
import dev.bulwark.monitor.spec.RecoverySpec;
import dev.bulwark.sandbox.app.AppMemoryCheck;
import dev.bulwark.sandbox.kernel.CheckpointStore;
import dev.bulwark.sandbox.kernel.KernelImage;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The monitor's record of one sandbox: what never changes (its image, memory region, channels, devices,
 * recovery policy, its app's memory check), the core it runs on (which changes only when its core fails for
 * good and a plan moves it to a spare), and which incarnation is current.
 *
 * <h2>A fault never reaches a retired kernel</h2>
 * The monitor changes {@code state} and {@code current} only under this object's lock, and makes a new
 * incarnation current before its thread starts; {@link #inject} delivers under the same lock, and only
 * to a current incarnation that is {@link State#RUNNING} and has not trapped. So a fault injected once
 * the new incarnation's first event is visible reaches that incarnation, and a fault injected while the
 * sandbox has no live kernel is refused ({@link FaultRefusedException}), never silently lost.
 *
 * <h2>Two backings for the chip's life</h2>
 * The sandbox owns two {@link Backing}s of its region, allocated once (the first at power-on, the second by the
 * reaper just after) and freed when the chip closes. At any moment one is mapped by the current incarnation, and
 * the other is either the zeroed spare (in {@code spare}) or in the reaper's hands, being unmapped from a retired
 * incarnation and zeroed on its way back there. A restart maps the spare; a launch on the same backing (a
 * microreboot, or a restart that found no spare) maps the current one again once its old mapping is closed. Each
 * backing has one owner at a time and changes hands only through {@code spare} (a compare-and-set: the reaper
 * stocks, the monitor takes) or by the monitor thread's own choice when it retires an incarnation, so no two
 * parties ever zero or map the same backing at once; the backing itself refuses a second live mapping.
 *
 * <h2>Between incarnations</h2>
 * A retired incarnation waits in {@code retired} (monitor thread only) until its plan launches the next one or
 * stops the sandbox: that step decides where its backing goes (kept, zeroed on the spot, or recycled by the
 * reaper), and only then is it put to rest.
 *
 * <p>Threading: the monitor thread launches and retires incarnations; {@code current}, {@code state},
 * {@code core}, {@code stopReason} and {@code progressBefore} are volatile so other threads (the CLI, tests,
 * the injector) read a recent view without the lock.
 */
public final class Sandbox implements FaultTarget {
    /** Where a sandbox is in its life. */
    public enum State {
        /** Its current incarnation is running (or booting). */
        RUNNING,
        /** Its failed incarnation was retired and the monitor is bringing up the next. */
        RECOVERING,
        /** Stopped for good by its recovery policy: see {@link #stopReason()}. */
        STOPPED,
        /** Shut down with the monitor, in good order. */
        SHUT_DOWN
    }

    private final int id;
    private final String app;
    private final KernelImage image;
    private final Region region;
    private final List<Channel> inbound;
    private final List<Channel> outbound;
    private final List<Device> devices;
    private final RecoverySpec recovery;
    private final AppMemoryCheck memoryCheck;
    /** Its checkpoint area if its recovery chain rolls back, else null; lives as long as the chip. */
    private final CheckpointStore checkpoints;
    /** Tells this sandbox's starved kernel from a hung one; the supervisor's alone. */
    final Starvation starvation = new Starvation();

    /** Both backings this sandbox owns, for {@link #freeBackings()}. Guarded by itself. */
    private final List<Backing> backings = new ArrayList<>(2);
    private final AtomicReference<Backing> spare = new AtomicReference<>();
    private final AtomicBoolean booted = new AtomicBoolean();
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile Core core;
    private volatile Incarnation current;
    /** The last incarnation, retired and waiting for its plan's launch or stop; monitor thread only. */
    private Retirement retired;
    private volatile State state = State.RUNNING;
    private volatile String stopReason;
    private volatile long progressBefore;
    private volatile int servingIncarnation;

    /** An incarnation taken out of service when the event log held {@code logged} events. */
    record Retirement(Incarnation incarnation, long logged) {
    }

    Sandbox(int id, String app, KernelImage image, Core core, Region region, List<Channel> inbound,
            List<Channel> outbound, List<Device> devices, RecoverySpec recovery, AppMemoryCheck memoryCheck,
            CheckpointStore checkpoints) {
        this.id = id;
        this.app = app;
        this.image = image;
        this.core = core;
        this.region = region;
        this.inbound = List.copyOf(inbound);
        this.outbound = List.copyOf(outbound);
        this.devices = List.copyOf(devices);
        this.recovery = recovery;
        this.memoryCheck = memoryCheck;
        this.checkpoints = checkpoints;
    }

    /** Its checkpoint area, if it checkpoints in epochs (its recovery chain rolls back); null if it does not. */
    public CheckpointStore checkpoints() {
        return checkpoints;
    }

    /** The inbound channel named {@code name}. */
    Channel inboundChannel(String name) {
        return inbound.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    /** The outbound channel named {@code name}. */
    Channel outboundChannel(String name) {
        return outbound.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    public String name() {
        return image.sandboxName();
    }

    public int id() {
        return id;
    }

    /** The name of the app it runs, as the config gave it. */
    public String app() {
        return app;
    }

    /** The core it runs on now (another than its config's once its own failed for good and it moved). */
    public Core core() {
        return core;
    }

    public Region region() {
        return region;
    }

    public KernelImage image() {
        return image;
    }

    /** Its app's parameters, as the config gave them (immutable): for clients and checkers that must find its peers. */
    public Map<String, String> params() {
        return image.params();
    }

    /** Its recovery policy: its own, its group's, or the system's. */
    public RecoverySpec recovery() {
        return recovery;
    }

    /**
     * What the app's own check finds wrong in the app region of {@code backing} (unmapped: nobody writes it), or
     * empty if it is intact; an app that declares no check gets a problem saying so, since its memory cannot be
     * vouched for. Monitor thread.
     */
    Optional<String> memoryProblem(Backing backing) {
        if (!memoryCheck.declared()) {
            return Optional.of(app + " declares no memory check: its memory cannot be kept");
        }
        return memoryCheck.problem(backing.contents().asSlice(image.appBase(), image.appBytes()));
    }

    public List<Channel> inbound() {
        return inbound;
    }

    public List<Channel> outbound() {
        return outbound;
    }

    /** The devices it owns; each incarnation attaches them. */
    public List<Device> devices() {
        return devices;
    }

    public State state() {
        return state;
    }

    /** Why the recovery policy stopped the sandbox; null unless {@link State#STOPPED}. */
    public String stopReason() {
        return stopReason;
    }

    /** The current incarnation's number (1 at first boot). */
    public int incarnation() {
        return current.number();
    }

    /** Whether the current incarnation has reported its first useful work. */
    public boolean isServing() {
        Incarnation inc = current;
        return state == State.RUNNING && inc != null && servingIncarnation == inc.number();
    }

    /**
     * How long the current kernel has shown no sign of life at {@code now}: 0 while its core sleeps on its
     * doorbell (idle, outside the kernel: not hung), otherwise the time since the later of its last
     * heartbeat and its core's last wake-up (a core just woken from a long sleep has not beaten yet).
     */
    long silentNanos(long now) {
        Incarnation inc = current;
        long awake = inc.execution().doorbell().awakeSince(); // read before the beat: see Doorbell
        if (awake == Doorbell.ASLEEP) {
            return 0;
        }
        long beat = inc.heartbeat().lastBeatNanos();
        return now - (beat - awake > 0 ? beat : awake);
    }

    /** Messages handled and timers fired by all incarnations so far. */
    public long progress() {
        Incarnation inc = current;
        return progressBefore + (inc == null ? 0 : inc.heartbeat().progress());
    }

    /** A read-only view of the current incarnation's app memory (for inspection and tests). */
    public MemorySegment appMemory() {
        return current.partition().contents().asSlice(image.appBase(), image.appBytes());
    }

    Execution execution() {
        return current.execution();
    }

    Incarnation current() {
        return current;
    }

    /**
     * The new incarnation becomes current (before its thread starts); the one it replaces adds its final
     * progress to the total. Caller holds this sandbox's lock.
     */
    void launched(Incarnation incarnation) {
        Incarnation previous = current;
        if (previous != null) {
            progressBefore += previous.heartbeat().progress();
        }
        current = incarnation;
        state = State.RUNNING;
    }

    /** Called on the kernel's thread once the incarnation serves; it is already current by then. */
    void serving(int incarnation) {
        servingIncarnation = Math.max(servingIncarnation, incarnation);
    }

    /** Caller holds this sandbox's lock. */
    void moveTo(State next) {
        state = next;
    }

    /** Its next incarnation runs on {@code spare} (its own core failed for good). Caller holds this sandbox's lock. */
    void moveTo(Core spare) {
        core = spare;
    }

    /** Keeps {@code r} until its plan decides (monitor thread). */
    void retired(Retirement r) {
        retired = r;
    }

    /** The retired incarnation waiting for its plan, or null (monitor thread). */
    Retirement retirement() {
        return retired;
    }

    /** The retired incarnation is dealt with: its successor runs, or the sandbox stopped (monitor thread). */
    Retirement takeRetirement() {
        Retirement r = retired;
        retired = null;
        return r;
    }

    /** Caller holds this sandbox's lock. */
    void stopped(String reason) {
        stopReason = reason;
        state = State.STOPPED;
    }

    /** True the first time it is called: the sandbox has served once, or will never serve. */
    boolean markBooted() {
        return booted.compareAndSet(false, true);
    }

    /** True the first time it is called: the app said its job is done (later calls, by any incarnation, are ignored). */
    boolean markFinished() {
        return finished.compareAndSet(false, true);
    }

    /**
     * Allocates one of this sandbox's two backings (zero-filled): the first at power-on, the second as its first
     * spare, on the reaper's thread. Never on a recovery's critical path.
     *
     * @throws IllegalStateException if it owns two already
     */
    Backing allocateBacking(int pageBytes) {
        synchronized (backings) {
            if (backings.size() == 2) {
                throw new IllegalStateException(name() + " owns its two backings already");
            }
            Backing fresh = Backing.allocate(region, pageBytes);
            backings.add(fresh);
            return fresh;
        }
    }

    /** The zeroed spare backing, if one is ready; from then on the caller's (monitor thread). */
    Backing takeSpare() {
        return spare.getAndSet(null);
    }

    /**
     * Makes {@code zeroed}, unmapped and zero-filled, the spare (reaper's thread).
     *
     * @throws IllegalStateException if there is a spare already: with two backings, one is mapped
     */
    void stockSpare(Backing zeroed) {
        if (!spare.compareAndSet(null, zeroed)) {
            throw new IllegalStateException(name() + " has a spare backing already; it cannot have a second");
        }
    }

    /** Frees both backings, revoking a mapping still live (the chip is closing; the reaper's last work). */
    void freeBackings() {
        synchronized (backings) {
            backings.forEach(Backing::free);
        }
        if (checkpoints != null) {
            checkpoints.free();
        }
    }

    @Override
    public String targetName() {
        return name();
    }

    @Override
    public Set<FaultKind> acceptedFaults() {
        return current.kernel().acceptedFaults();
    }

    @Override
    public long areaBytes(MemoryArea area) {
        return current.kernel().areaBytes(area);
    }

    /**
     * Delivers the fault to the current incarnation's kernel, if it is live.
     *
     * @throws FaultRefusedException if the sandbox has no live kernel now (recovering, stopped, or its
     *                               kernel has failed and awaits recovery)
     */
    @Override
    public synchronized void inject(Fault fault) {
        Incarnation inc = current;
        if (state != State.RUNNING) {
            throw new FaultRefusedException(name() + " is " + describe(state) + ": no kernel to take the fault");
        }
        if (!inc.execution().isRunning()) {
            throw new FaultRefusedException(name() + "#" + inc.number() + " has failed and awaits recovery: "
                    + "no live kernel to take the fault");
        }
        inc.kernel().inject(fault);
        inc.execution().doorbell().ring(); // a sleeping kernel wakes to take it
    }

    static String describe(State state) {
        return switch (state) {
            case RUNNING -> "running";
            case RECOVERING -> "recovering";
            case STOPPED -> "stopped";
            case SHUT_DOWN -> "shut down";
        };
    }

    @Override
    public String toString() {
        return name() + "#" + current.number() + " on core " + core.id() + " (" + state + ")";
    }
}
