package dev.bulwark.hw.core;

import dev.bulwark.hw.clock.NanoClock;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * One run of one program on one core: a dedicated platform thread looping over the duty cycle.
 *
 * <p>A run is made by {@link Core#load} and begins when its owner calls {@link #start()} (or
 * {@link #startAfter}), so the owner can publish the run before its first pass. It ends in one of three
 * ways:
 * <ul>
 *   <li>a <em>trap</em>: a throwable escapes {@link CoreProgram#doWork()} while the run is live, or the
 *       core fails under it ({@link #raise}); reported exactly once to the {@link TrapHandler};</li>
 *   <li>{@link #halt()}: the loop stops before its next pass;</li>
 *   <li>the run was halted while stuck inside {@code doWork} (a hung kernel): it is a <em>zombie</em>.
 *       It ends by itself the next time it touches a resource its owner revoked (its memory partition
 *       throws {@code IllegalStateException} once its arena is closed). That throwable is kept in
 *       {@link #exitCause()} and is not a trap: nobody is listening to a zombie any more.</li>
 * </ul>
 *
 * <p>Threading: {@code running} goes from true to false once. A halt (owner) stores false; a trap (the
 * run's thread, or the thread failing the core) takes it with a compare-and-set, and only the winner
 * reports, so a run traps at most once and never after it was halted. {@code exitCause} is written once
 * by the run's thread before it terminates and read by anyone after {@link #isAlive()} turns false.
 */
public final class Execution implements Runnable {
    private static final VarHandle RUNNING;

    static {
        try {
            RUNNING = MethodHandles.lookup().findVarHandle(Execution.class, "running", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int coreId;
    private final String name;
    private final CoreProgram program;
    private final IdleStrategy idleStrategy;
    private final TrapHandler trapHandler;
    private final NanoClock clock;
    private final Thread thread;
    private final Doorbell doorbell;

    private volatile boolean running = true;
    private volatile Throwable exitCause;
    /** Set once, by the trap that ended the run (from any thread); a trapped run does not get onClose. */
    private volatile boolean trapped;
    /** Set before the thread starts (Thread.start orders it); null: no gate. */
    private CountDownLatch gate;
    /** Set by {@link Core#load} before the thread starts (Thread.start orders it); -1: do not pin. */
    private int hostCpu = -1;
    /** Written once by the run's thread when it has pinned itself; null until then, or if it pins nothing. */
    private volatile CpuAffinity.Result pinning;

    Execution(int coreId, String name, CoreProgram program, IdleStrategy idleStrategy,
              TrapHandler trapHandler, NanoClock clock) {
        this.coreId = coreId;
        this.name = name;
        this.program = program;
        this.idleStrategy = idleStrategy;
        this.trapHandler = trapHandler;
        this.clock = clock;
        this.thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this);
        this.doorbell = new Doorbell(thread, program, clock);
    }

    /** Starts the run's thread: its first pass follows at once. */
    public void start() {
        thread.start();
    }

    /**
     * Starts the run's thread, which parks until {@code gate} opens before its first pass. A chip powers
     * many cores on this way: threads that wait cost no CPU, so starting the last is as quick as the first.
     */
    public void startAfter(CountDownLatch gate) {
        this.gate = gate;
        thread.start();
    }

    @Override
    public void run() {
        try {
            if (hostCpu >= 0) {
                pinning = CpuAffinity.pinCurrentThread(hostCpu); // first thing, on its own thread
            }
            if (gate != null) {
                gate.await();
            }
            idleStrategy.attach(doorbell);
            while (running) {
                idleStrategy.idle(program.doWork());
            }
            if (!trapped) { // halted in good order, not failed by a trap from another thread (a core fail-stop)
                program.onClose();
            }
        } catch (InterruptedException e) {
            halt(); // interrupted while waiting for power-on: the run never began
        } catch (Throwable cause) {
            exitCause = cause;
            raise(cause);
        }
    }

    /** Called by {@link Core#load} before the run starts: its thread pins itself to {@code cpu} first (-1: no). */
    void pinTo(int cpu) {
        this.hostCpu = cpu;
    }

    /** Stops the loop before its next pass. A run stuck inside {@code doWork} becomes a zombie. */
    public void halt() {
        running = false;
        doorbell.ring(); // a sleeping core wakes, sees it is halted and ends
    }

    /**
     * Ends the run with a trap of {@code cause}, reported unless the run had already ended: called by the
     * run's own thread for a throwable that escaped, and by {@link Core#failStop()} on the failing thread.
     */
    void raise(Throwable cause) {
        if (RUNNING.compareAndSet(this, true, false)) {
            trapped = true;
            doorbell.ring();
            trapHandler.onTrap(new Trap(coreId, this, cause, clock.nanoTime()));
        }
    }

    public String name() {
        return name;
    }

    /** The id of the run's thread (for reading its CPU time). */
    public long threadId() {
        return thread.threadId();
    }

    /** The state of the run's thread: RUNNABLE while it runs or waits for a host CPU. */
    public Thread.State threadState() {
        return thread.getState();
    }

    /** The run's doorbell: ring it after giving the run work (see {@link Doorbell}). */
    public Doorbell doorbell() {
        return doorbell;
    }

    public int coreId() {
        return coreId;
    }

    /** The host CPU this run pins its thread to, or -1 if it does not pin. */
    public int hostCpu() {
        return hostCpu;
    }

    /**
     * How pinning its thread to {@link #hostCpu()} went, once the thread has tried (first thing when it starts);
     * empty before that, and for a run that does not pin.
     */
    public Optional<CpuAffinity.Result> pinning() {
        return Optional.ofNullable(pinning);
    }

    /** The strategy this run idles with. For inspection only: its methods belong to the run's own thread. */
    public IdleStrategy idleStrategy() {
        return idleStrategy;
    }

    /** Whether the run is live: neither halted nor trapped (a run not yet started is live). */
    public boolean isRunning() {
        return running;
    }

    /** Whether the thread still exists: true for a live run and for a zombie that has not ended yet. */
    public boolean isAlive() {
        return thread.isAlive();
    }

    /** Why the thread ended, or null if it ended by halting (or has not ended). */
    public Throwable exitCause() {
        return exitCause;
    }

    /** Waits up to {@code millis} for the thread to end; returns whether it has (a run never started has). */
    public boolean awaitExit(long millis) throws InterruptedException {
        if (thread.getState() == Thread.State.NEW) {
            return true;
        }
        thread.join(millis);
        return !thread.isAlive();
    }

    @Override
    public String toString() {
        return name;
    }
}
