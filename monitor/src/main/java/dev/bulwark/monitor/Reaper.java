package dev.bulwark.monitor;

import dev.bulwark.hw.core.Execution;
import dev.bulwark.hw.core.LeaseRevokedException;
import dev.bulwark.monitor.event.MonitorEvent;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The monitor's work off the recovery's critical path, on one thread of its own: it allocates each sandbox's
 * second backing (its first spare), puts retired incarnations to rest (closes their mappings, which ends a zombie
 * at its next memory access, and records how each thread ended), turns a retired incarnation's backing back into
 * its sandbox's zeroed spare, and, last of all, frees the chip's backings when the monitor closes.
 *
 * <p>Closing a mapping closes a shared arena, which handshakes with every thread (milliseconds), and zeroing a
 * backing takes milliseconds too, so both wait until the successor serves: until then the old mapping is nobody's
 * but the zombie's, whose lease is already revoked, and the backing is nobody's but the reaper's. Its tasks run
 * in order, one at a time, so the chip's backings are freed only after every earlier task is done with them.
 */
final class Reaper implements AutoCloseable {
    /** How long a retired incarnation's thread may take to end once its partition is revoked. */
    static final long EXIT_WAIT_MILLIS = 2_000;
    private static final long SUCCESSOR_WAIT_MILLIS = 1_000;

    private final EventLog log;
    private final int pageBytes;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r ->
            Thread.ofPlatform().name("monitor-reaper").daemon(true).unstarted(r));

    Reaper(EventLog log, int pageBytes) {
        this.log = log;
        this.pageBytes = pageBytes;
    }

    /** Allocates {@code s}'s second backing in the background, as its spare. */
    void stockSpare(Sandbox s) {
        submit(() -> s.stockSpare(s.allocateBacking(pageBytes)));
    }

    /**
     * Puts {@code inc}, retired when the log held {@code loggedAtRetirement} events, to rest in the background; its
     * backing stays as it is, with whoever the monitor gave it to (the successor, for a launch on the same backing;
     * nobody, for a sandbox that stopped or shut down).
     */
    void reap(Sandbox s, Incarnation inc, long loggedAtRetirement) {
        submit(() -> putToRest(s, inc, loggedAtRetirement, false));
    }

    /**
     * Puts {@code inc} to rest as {@link #reap} does, and once its mapping is closed zeroes its backing and makes it
     * {@code s}'s spare: the monitor hands the reaper that backing, for nobody else maps it now.
     */
    void reapAndRecycle(Sandbox s, Incarnation inc, long loggedAtRetirement) {
        submit(() -> putToRest(s, inc, loggedAtRetirement, true));
    }

    private void putToRest(Sandbox s, Incarnation inc, long loggedAtRetirement, boolean recycle) {
        try {
            if (s.state() == Sandbox.State.RUNNING || s.state() == Sandbox.State.RECOVERING) {
                log.await(MonitorEvent.Serving.class, e -> e.sandbox().equals(s.name()) && e.incarnation() > inc.number(),
                        loggedAtRetirement, SUCCESSOR_WAIT_MILLIS);
            }
            inc.partition().revoke();
            if (recycle) {
                inc.backing().zero();
                s.stockSpare(inc.backing());
            }
            boolean ended = inc.execution().awaitExit(EXIT_WAIT_MILLIS);
            log.record(nanos -> new MonitorEvent.IncarnationEnded(nanos, s.name(), inc.number(), ending(inc.execution(), ended)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Hands {@code work} to the reaper's thread; once the reaper is closed, does it on the caller's. */
    private void submit(Runnable work) {
        try {
            thread.execute(work);
        } catch (RejectedExecutionException closed) {
            work.run();
        }
    }

    /** How a retired incarnation's thread ended, in words. */
    static String ending(Execution run, boolean ended) {
        if (!ended) {
            return "still running " + EXIT_WAIT_MILLIS / 1000 + " s after its partition was revoked (a zombie that "
                    + "touches neither its memory nor its channels)";
        }
        Throwable cause = run.exitCause();
        return switch (cause) {
            case null -> "halted at the end of an event-loop pass";
            case LeaseRevokedException e -> "stopped at its next channel operation: its lease had been revoked";
            // What the JDK throws at an access to a closed arena's memory:
            case IllegalStateException e when "Already closed".equals(e.getMessage()) ->
                    "stopped at its next memory access: its partition had been revoked";
            default -> "ended by " + Causes.describe(cause);
        };
    }

    /**
     * Does {@code last} after everything handed over so far, then stops: returns once that is done or {@code millis}
     * have passed (then the reaper's thread finishes it alone, later).
     */
    void close(Runnable last, long millis) {
        submit(last);
        thread.shutdown();
        try {
            thread.awaitTermination(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(() -> { }, TimeUnit.SECONDS.toMillis(5));
    }
}
