package dev.bulwark.hw.core;

/**
 * What runs on a core: a duty cycle. The core calls {@link #doWork()} in a loop on its own thread and
 * idles according to the returned amount of work. A throwable escaping {@code doWork} is a trap.
 */
@FunctionalInterface
public interface CoreProgram {
    /** One pass of the duty cycle; returns how much work it did (0 lets the core back off). */
    int doWork();

    /**
     * When the core, about to sleep, must run its next pass even if its {@link Doorbell} stays silent: a
     * time at or before {@code now} if work is already waiting, the program's next timer otherwise, or
     * {@link Long#MAX_VALUE} if only a doorbell can bring work. Called on the core's thread after the
     * doorbell is armed, so it must look at every source whose producer rings (see {@link Doorbell}).
     *
     * <p>The default, {@link Long#MAX_VALUE}, leaves the length of a sleep to the idle strategy's timed
     * backoff: right for a program whose work sources all ring, harmlessly late by at most one park for one
     * that cannot tell.
     */
    default long wakeAt(long now) {
        return Long.MAX_VALUE;
    }

    /**
     * Called once on the core's thread after a halt ended the loop in good order (never after a trap: a
     * failed program does not get to clean up, its monitor does). Whatever it throws is the run's exit cause.
     */
    default void onClose() {
    }
}
