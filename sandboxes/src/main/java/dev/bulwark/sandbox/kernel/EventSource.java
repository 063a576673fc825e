package dev.bulwark.sandbox.kernel;

/**
 * One source of a kernel's work: its inbound channels, its app's timers, a device's driver, the scrub of its
 * own data. The kernel is a composite of sources (as Agrona's {@code CompositeAgent} is of agents): each
 * pass runs every source's {@link #doWork} in order, and a core about to sleep asks each {@link #wakeAt}, so
 * adding a source does not grow the event loop.
 *
 * <p>Threading: every method runs on the kernel's core thread. A throwable from a source is the kernel's
 * failure (a trap), except what the source delivers to the app, which the kernel guards (an app fault).
 */
interface EventSource {
    /** Once, when the kernel has booted and before the first {@link #doWork}. */
    default void onStart() {
    }

    /** Does what is due at {@code now}; returns how much (0: nothing). */
    int doWork(long now);

    /**
     * When the kernel must run next for this source even if no doorbell rings: at or before {@code now} if
     * work waits, a deadline, or {@link Long#MAX_VALUE} if only a doorbell can bring work. Called after the
     * doorbell was armed, so it must look at every producer that rings.
     */
    long wakeAt(long now);

    /** Once, when the kernel is halted in good order. */
    default void onClose() {
    }
}
