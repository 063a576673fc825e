package dev.bulwark.hw.core;

/**
 * What a core does between duty cycles. {@link #idle(int)} is called after every
 * {@link CoreProgram#doWork()} with the work it reported; a strategy backs off only when that is 0.
 * An instance is owned by one core thread: implementations keep unsynchronised state.
 */
public interface IdleStrategy {
    void idle(int workCount);

    /** Forget any backoff: the next idle period starts from the shortest wait. */
    void reset();

    /**
     * Called once on the run's thread before its first pass, with the run's doorbell: a strategy that
     * sleeps until rung keeps it. The default ignores it.
     */
    default void attach(Doorbell doorbell) {
    }
}
