package dev.bulwark.hw.core;

/**
 * What runs on a core: a duty cycle. The core calls {@link #doWork()} in a loop on its own thread and
 * idles according to the returned amount of work. A throwable escaping {@code doWork} is a trap.
 */
@FunctionalInterface
public interface CoreProgram {
    /** One pass of the duty cycle; returns how much work it did (0 lets the core back off). */
    int doWork();
}
