package dev.bulwark.monitor;

import dev.bulwark.hw.core.Core;
import dev.bulwark.hw.fault.Fault;
import dev.bulwark.hw.fault.FaultKind;
import dev.bulwark.hw.fault.FaultTarget;
import dev.bulwark.hw.fault.MemoryArea;
import dev.bulwark.hw.memory.Partition;
import dev.bulwark.hw.memory.Region;
import dev.bulwark.ipc.Channel;
import dev.bulwark.monitor.spec.RecoverySpec;
import dev.bulwark.sandbox.kernel.KernelImage;

import java.util.List;
import java.util.Set;

/**
 * The monitor's record of one sandbox: what never changes (its image, core, memory region, channels,
 * recovery policy) and which incarnation is current.
 *
 * <p>Threading: the monitor thread launches and retires incarnations; {@code current}, {@code state}
 * and {@code progressBefore} are volatile so other threads (the demo, tests, the injector) read a
 * consistent recent view.
 */
public final class Sandbox implements FaultTarget {
    /** Where a sandbox is in its life. */
    public enum State { RUNNING, RECOVERING, STOPPED }

    private final int id;
    private final KernelImage image;
    private final Core core;
    private final Region region;
    private final List<Channel> inbound;
    private final List<Channel> outbound;
    private final RecoverySpec recovery;
    final RestartIntensity intensity;

    private final java.util.concurrent.atomic.AtomicReference<Partition> spare = new java.util.concurrent.atomic.AtomicReference<>();
    private volatile Incarnation current;
    private volatile State state = State.RUNNING;
    private volatile long progressBefore;
    private volatile int servingIncarnation;

    Sandbox(int id, KernelImage image, Core core, Region region, List<Channel> inbound, List<Channel> outbound,
            RecoverySpec recovery) {
        this.id = id;
        this.image = image;
        this.core = core;
        this.region = region;
        this.inbound = List.copyOf(inbound);
        this.outbound = List.copyOf(outbound);
        this.recovery = recovery;
        this.intensity = new RestartIntensity(recovery.maxRestarts(), recovery.within().toNanos());
    }

    public String name() {
        return image.sandboxName();
    }

    public int id() {
        return id;
    }

    public Core core() {
        return core;
    }

    public Region region() {
        return region;
    }

    public KernelImage image() {
        return image;
    }

    public RecoverySpec recovery() {
        return recovery;
    }

    public List<Channel> inbound() {
        return inbound;
    }

    public List<Channel> outbound() {
        return outbound;
    }

    public State state() {
        return state;
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

    /** Messages handled and timers fired by all incarnations so far. */
    public long progress() {
        Incarnation inc = current;
        return progressBefore + (inc == null ? 0 : inc.heartbeat().progress());
    }

    /** A read-only view of the current incarnation's app memory (for inspection and tests). */
    public java.lang.foreign.MemorySegment appMemory() {
        return current.partition().contents().asSlice(image.appBase(), image.appBytes());
    }

    Incarnation current() {
        return current;
    }

    /** The new incarnation becomes current; the one it replaces adds its final progress to the total. */
    void launched(Incarnation incarnation) {
        Incarnation previous = current;
        if (previous != null) {
            progressBefore += previous.heartbeat().progress();
        }
        current = incarnation;
        state = State.RUNNING;
    }

    /** Called on the kernel's thread, possibly before {@link #launched} was: the number tells them apart. */
    void serving(int incarnation) {
        servingIncarnation = Math.max(servingIncarnation, incarnation);
    }

    void moveTo(State next) {
        state = next;
    }

    /**
     * The pristine spare partition, if one is ready: a fresh, zero-filled partition for this sandbox's
     * region, made in the background so that a restart does not allocate on its critical path.
     */
    Partition takeSpare() {
        return spare.getAndSet(null);
    }

    /** Stocks a fresh spare; returns false (and the caller revokes it) if one is already there. */
    boolean stockSpare(Partition fresh) {
        return spare.compareAndSet(null, fresh);
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

    /** Delivers the fault to the current incarnation's kernel. */
    @Override
    public void inject(Fault fault) {
        current.kernel().inject(fault);
    }

    @Override
    public String toString() {
        return name() + "#" + current.number() + " on core " + core.id() + " (" + state + ")";
    }
}
