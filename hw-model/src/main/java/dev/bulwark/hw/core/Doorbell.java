package dev.bulwark.hw.core;

import dev.bulwark.hw.clock.NanoClock;

import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * A core's doorbell, the analogue of an inter-processor interrupt: whoever gives a sleeping core work
 * (a channel's producer, the monitor halting it, a fault injector) rings it, and the core wakes at once
 * instead of when its sleep times out. Ringing a core that is awake costs a fence and a load: no syscall.
 *
 * <h2>No lost wake-up (Dekker)</h2>
 * <pre>
 *   core (sleep):  awakeSince = ASLEEP (volatile store) ; look for work (program.wakeAt) ; park if none
 *   ringer (ring): publish the work                       ; full fence ; load awakeSince ; ASLEEP? unpark
 * </pre>
 * Each side stores, then loads what the other stored, with a StoreLoad barrier between (the volatile store
 * on the core's side, the fence on the ringer's), so at least one sees the other: either the core finds
 * the work before it parks, or the ringer sees it asleep and unparks it. An unpark that lands before the
 * park makes the park return at once ({@link LockSupport}'s permit), so no interleaving sleeps through work.
 *
 * <h2>Liveness for the monitor</h2>
 * {@code awakeSince} is one word: {@link #ASLEEP} while the core sleeps in its idle strategy (outside its
 * program, so not hung), else the chip-clock time it last woke (or was made). A monitor judging a hang
 * measures silence from the later of the kernel's last heartbeat and this, so a core that just woke from
 * a long sleep is not mistaken for a hung one before its first pass beats.
 *
 * <p>Threading: {@link #sleep} runs on the owner's thread only; {@link #ring} on any thread.
 */
public final class Doorbell {
    /** The value of {@link #awakeSince()} while the core sleeps. */
    public static final long ASLEEP = Long.MIN_VALUE;

    private final NanoClock clock;
    private final CoreProgram program;
    private final Thread owner;
    private volatile long awakeSince;

    /** A doorbell for {@code owner}, the thread that runs {@code program}. */
    public Doorbell(Thread owner, CoreProgram program, NanoClock clock) {
        this.owner = owner;
        this.program = program;
        this.clock = clock;
        this.awakeSince = clock.nanoTime();
    }

    /** A doorbell nobody sleeps behind: ringing it costs what ringing an awake core costs. */
    public static Doorbell unattached(NanoClock clock) {
        return new Doorbell(null, () -> 0, clock);
    }

    /**
     * Wakes the owner if it sleeps. Call it after publishing the work (any thread); the fence here orders
     * that publication before the look at the owner's state.
     */
    public void ring() {
        VarHandle.fullFence();
        if (awakeSince == ASLEEP) {
            LockSupport.unpark(owner);
        }
    }

    /**
     * Sleeps until rung, until the program's next timed work ({@link CoreProgram#wakeAt}), or for at most
     * {@code maxNanos}, whichever comes first; returns at once if work is already waiting. Owner's thread only.
     */
    public void sleep(long maxNanos) {
        awakeSince = ASLEEP; // volatile store: the StoreLoad half of the Dekker pair
        try {
            long now = clock.nanoTime();
            long wait = Math.min(program.wakeAt(now) - now, maxNanos);
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        } finally {
            awakeSince = clock.nanoTime();
        }
    }

    /** {@link #ASLEEP}, or the chip-clock time the owner last woke (its creation, if it never slept). */
    public long awakeSince() {
        return awakeSince;
    }

    public boolean isAsleep() {
        return awakeSince == ASLEEP;
    }
}
