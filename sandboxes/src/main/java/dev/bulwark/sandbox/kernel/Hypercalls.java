package dev.bulwark.sandbox.kernel;

/**
 * How a kernel talks to its monitor, implemented by the monitor (sandboxes never depend on it). Called
 * on the kernel's core thread: implementations hand the call on and return at once, and stamp the time
 * themselves. Traps do not come through here: the core reports them. The incarnation tells a late call
 * from a dead kernel apart.
 */
public interface Hypercalls {
    /** The incarnation booted and finished its first event-loop pass: it is doing useful work. */
    void serving(int incarnation);

    /** An app handler threw; the kernel restarted the app. */
    void appRestarted(int incarnation, Throwable cause);

    /** The app said its job is done ({@code success}, {@code summary}). */
    void jobFinished(int incarnation, boolean success, String summary);
}
