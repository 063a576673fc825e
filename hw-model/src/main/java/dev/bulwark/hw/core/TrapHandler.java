package dev.bulwark.hw.core;

/**
 * Receives traps. Called at most once per {@link Execution}: on the run's own thread when a throwable
 * escapes its program, or on the thread that called {@link Core#failStop()} when the core fails under
 * the run. Either way it must only hand the trap on (enqueue it, wake its owner), never block.
 */
@FunctionalInterface
public interface TrapHandler {
    void onTrap(Trap trap);
}
