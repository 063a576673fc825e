package dev.bulwark.cli;

import picocli.CommandLine.Model.CommandSpec;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A request that a command stop and report what it has, delivered to the command's thread as an interrupt.
 * SIGINT (Ctrl-C), SIGTERM and SIGHUP make one: the JVM runs its shutdown hooks, and this class's hook
 * requests the stop, then waits up to {@link #GRACE} for the command to finish printing before the JVM exits
 * with its own 128 + signal (130, 143, 129). A closed standard output makes one too ({@link Output}).
 *
 * <p>The command's side: every wait is interruptible, and an {@link InterruptedException} means "stop":
 * <pre>{@code
 * try (Interruption interruption = Interruption.install()) {
 *     try {
 *         ... boot, wait, inject: anything that waits throws InterruptedException on a request ...
 *     } catch (InterruptedException stopped) {
 *         // fall through: report what there is
 *     }
 *     interruption.reporting();   // no interrupt lands from here on; a signal waits for the report
 *     ... close, print what there is ...
 *     return interruption.exitCode(ExitCodes.OK, command);
 * }
 * }</pre>
 *
 * <p>Threads: {@code install}, {@code reporting} and {@code close} run on the command's thread; {@code request}
 * on any (the shutdown hook's thread, an event listener's). {@code request} and {@code reporting} share a
 * lock, so an interrupt never lands after {@code reporting} has returned: the command can then close things
 * whose waits must not be cut short (joining the monitor's threads).
 */
public final class Interruption implements AutoCloseable {
    /** How long a signal waits for the command to report before the JVM exits regardless. */
    static final Duration GRACE = Duration.ofSeconds(5);

    /** What asked the command to stop, the exit code it ends with, and what to tell the user (if anything). */
    public enum Cause {
        /** SIGINT, SIGTERM or SIGHUP: the JVM is shutting down and will exit with 128 + the signal. */
        SIGNAL(ExitCodes.INTERRUPTED, null),
        /** Standard output was closed (its reader went away): nothing more can be shown. */
        OUTPUT_CLOSED(ExitCodes.OUTPUT_CLOSED, "stopped: standard output was closed");

        final int exitCode;
        final String note;

        Cause(int exitCode, String note) {
            this.exitCode = exitCode;
            this.note = note;
        }
    }

    private final Thread commandThread;
    private final Thread hook;
    private final CountDownLatch finished = new CountDownLatch(1);
    private Cause cause;        // guarded by this; the first request wins
    private boolean reporting;  // guarded by this

    private Interruption(Thread commandThread) {
        this.commandThread = commandThread;
        this.hook = Thread.ofPlatform().name("bulwark-signal").unstarted(this::onSignal);
    }

    /** Makes SIGINT, SIGTERM and SIGHUP interrupt the calling thread until {@link #close}. */
    public static Interruption install() {
        Interruption interruption = new Interruption(Thread.currentThread());
        try {
            Runtime.getRuntime().addShutdownHook(interruption.hook);
        } catch (IllegalStateException shuttingDown) {
            interruption.request(Cause.SIGNAL); // the signal came first: stop at the first wait
        }
        return interruption;
    }

    private void onSignal() {
        request(Cause.SIGNAL);
        try {
            finished.await(GRACE.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks the command to stop; interrupts its thread unless it is already reporting. Any thread. */
    public synchronized void request(Cause why) {
        if (cause == null) {
            cause = why;
        }
        if (!reporting) {
            commandThread.interrupt();
        }
    }

    /** What asked the command to stop, or null if nothing did. */
    public synchronized Cause cause() {
        return cause;
    }

    /**
     * The command stops being interruptible, to close and print what it has: no interrupt lands from now on,
     * and one that landed already is cleared. Call on the command's thread.
     */
    public synchronized void reporting() {
        reporting = true;
        Thread.interrupted();
    }

    /**
     * The exit code of a command that would otherwise exit with {@code completed}: the cause's, if something
     * asked it to stop, and then its note goes to stderr ({@code bulwark run: stopped: standard output was
     * closed}). After a signal the JVM exits with 128 + the signal whatever this returns.
     */
    public synchronized int exitCode(int completed, CommandSpec command) {
        if (cause == null) {
            return completed;
        }
        if (cause.note != null) {
            command.commandLine().getErr().println(command.qualifiedName() + ": " + cause.note);
            command.commandLine().getErr().flush();
        }
        return cause.exitCode;
    }

    /**
     * The command has printed all it will: a signal's hook returns, the hook is removed, and no request
     * interrupts this thread any more (it may go on to other work, as a test's thread does).
     */
    @Override
    public void close() {
        reporting();
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running (or has run): it returns now that the command has finished
        }
    }
}
