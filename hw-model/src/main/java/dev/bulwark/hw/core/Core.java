package dev.bulwark.hw.core;

import dev.bulwark.hw.clock.NanoClock;
import dev.bulwark.hw.fault.Fault;
import dev.bulwark.hw.fault.FaultKind;
import dev.bulwark.hw.fault.FaultTarget;

import java.util.EnumSet;
import java.util.Set;

/**
 * A modeled core. It runs one program at a time as an {@link Execution} on a dedicated platform thread.
 * Loading a program on a core that still holds one halts the old run first; a run stuck in its program
 * (a hung kernel) is left to end as a zombie, so at most one <em>live</em> run exists per core, while a
 * dying zombie may briefly coexist with it.
 *
 * <p>A core can fail for good ({@link #failStop()}): its current run (started or not) is trapped with
 * {@link CoreFailedException} on the caller's thread, and the core accepts no further programs.
 *
 * <p>A core may be given a host CPU ({@link #pinTo}): every run loaded afterwards pins its own thread to
 * it first thing ({@link Execution#pinning()} says how that went), so a re-incarnation pins again.
 *
 * <p>Threading: load, halt, failStop and pinTo are called by the owner (the monitor, or a fault injector)
 * and are serialised by this object's lock; the running program never takes it.
 */
public final class Core implements FaultTarget {
    private final int id;
    private final NanoClock clock;
    private Execution current;
    private boolean failed;
    /** The host CPU runs loaded from now on pin themselves to, or -1: none. */
    private int hostCpu = -1;

    public Core(int id, NanoClock clock) {
        this.id = id;
        this.clock = clock;
    }

    public int id() {
        return id;
    }

    /**
     * Makes {@code program} this core's run, halting whatever ran here before; the run begins when the
     * caller starts it ({@link Execution#start()}), so the caller can publish it first.
     *
     * @throws CoreFailedException if the core has failed for good
     */
    public synchronized Execution load(String name, CoreProgram program, IdleStrategy idle, TrapHandler onTrap) {
        if (failed) {
            throw new CoreFailedException(id);
        }
        if (current != null) {
            current.halt();
        }
        current = new Execution(id, name, program, idle, onTrap, clock);
        current.pinTo(hostCpu);
        return current;
    }

    /**
     * Runs loaded from now on pin their thread to host CPU {@code hostCpu} ({@link CpuAffinity}) before their
     * first pass; -1: they stay where the host puts them. The run already loaded keeps what it had.
     */
    public synchronized void pinTo(int hostCpu) {
        if (hostCpu < -1) {
            throw new IllegalArgumentException("core " + id + ": host CPU " + hostCpu + " is not a CPU (-1 for none)");
        }
        this.hostCpu = hostCpu;
    }

    /** The host CPU runs loaded from now on pin themselves to, or -1: none. */
    public synchronized int hostCpu() {
        return hostCpu;
    }

    /** {@link #load} and start at once. */
    public Execution launch(String name, CoreProgram program, IdleStrategy idle, TrapHandler onTrap) {
        Execution run = load(name, program, idle, onTrap);
        run.start();
        return run;
    }

    /** Halts the current run, if any; the core stays usable. */
    public synchronized void halt() {
        if (current != null) {
            current.halt();
            current = null;
        }
    }

    /**
     * Fail-stop: the core stops for good. Its run, if any, traps with {@link CoreFailedException}; the
     * trap handler is called on this (the caller's) thread.
     */
    public synchronized void failStop() {
        failed = true;
        if (current != null) {
            current.raise(new CoreFailedException(id));
            current = null;
        }
    }

    public synchronized boolean isFailed() {
        return failed;
    }

    public synchronized Execution current() {
        return current;
    }

    @Override
    public String targetName() {
        return "core-" + id;
    }

    @Override
    public Set<FaultKind> acceptedFaults() {
        return EnumSet.of(FaultKind.CORE_FAIL_STOP);
    }

    @Override
    public void inject(Fault fault) {
        if (!(fault instanceof Fault.CoreFailStop)) {
            throw new IllegalArgumentException(targetName() + " does not accept " + fault);
        }
        failStop();
    }

    @Override
    public String toString() {
        return targetName();
    }
}
