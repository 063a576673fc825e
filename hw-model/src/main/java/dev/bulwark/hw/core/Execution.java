package dev.bulwark.hw.core;

import dev.bulwark.hw.clock.NanoClock;

/**
 * One run of one program on one core: a dedicated platform thread looping over the duty cycle.
 *
 * <p>A run ends in one of three ways:
 * <ul>
 *   <li>a throwable escapes {@link CoreProgram#doWork()} while the run is live: that is a <em>trap</em>,
 *       reported once to the {@link TrapHandler};</li>
 *   <li>{@link #halt()}: the loop stops before its next pass;</li>
 *   <li>the run was halted while stuck inside {@code doWork} (a hung kernel): it is a <em>zombie</em>.
 *       It ends by itself the next time it touches a resource its owner revoked (its memory partition
 *       throws {@code IllegalStateException} once its arena is closed). That throwable is kept in
 *       {@link #exitCause()} and is not a trap: nobody is listening to a zombie any more.</li>
 * </ul>
 *
 * <p>Threading: {@code running} is written by the owner (halt) and by the run's own thread (trap); it is
 * volatile so the loop sees a halt on its next pass. {@code exitCause} is written once by the run's
 * thread before it terminates and read by anyone after {@link #isAlive()} turns false.
 */
public final class Execution implements Runnable {
    private final int coreId;
    private final String name;
    private final CoreProgram program;
    private final IdleStrategy idleStrategy;
    private final TrapHandler trapHandler;
    private final NanoClock clock;
    private final Thread thread;

    private volatile boolean running = true;
    private volatile Throwable exitCause;

    Execution(int coreId, String name, CoreProgram program, IdleStrategy idleStrategy,
              TrapHandler trapHandler, NanoClock clock) {
        this.coreId = coreId;
        this.name = name;
        this.program = program;
        this.idleStrategy = idleStrategy;
        this.trapHandler = trapHandler;
        this.clock = clock;
        this.thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this);
    }

    void start() {
        thread.start();
    }

    @Override
    public void run() {
        try {
            while (running) {
                idleStrategy.idle(program.doWork());
            }
        } catch (Throwable cause) {
            exitCause = cause;
            if (running) {
                running = false;
                trapHandler.onTrap(new Trap(coreId, this, cause, clock.nanoTime()));
            }
        }
    }

    /** Stops the loop before its next pass. A run stuck inside {@code doWork} becomes a zombie. */
    public void halt() {
        running = false;
    }

    /** Halts the run and reports a trap with {@code cause}, as if the core itself had raised it. */
    void raise(Throwable cause) {
        if (running) {
            running = false;
            trapHandler.onTrap(new Trap(coreId, this, cause, clock.nanoTime()));
        }
    }

    public String name() {
        return name;
    }

    public int coreId() {
        return coreId;
    }

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

    /** Waits up to {@code millis} for the thread to end; returns whether it has. */
    public boolean awaitExit(long millis) throws InterruptedException {
        thread.join(millis);
        return !thread.isAlive();
    }

    @Override
    public String toString() {
        return name;
    }
}
