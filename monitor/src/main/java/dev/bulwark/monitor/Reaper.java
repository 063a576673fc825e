package dev.bulwark.monitor;

import dev.bulwark.hw.core.Execution;
import dev.bulwark.hw.memory.Partition;
import dev.bulwark.hw.core.LeaseRevokedException;
import dev.bulwark.monitor.event.MonitorEvent;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The monitor's work off the recovery's critical path, on one thread of its own: it stocks each sandbox
 * with a pristine spare partition, and puts retired incarnations to rest (revokes their partitions, which
 * ends a zombie at its next memory access, and records how each thread ended).
 *
 * <p>Revoking a partition closes a shared arena, which handshakes with every thread (milliseconds), so it
 * waits until the successor serves: until then the old partition is nobody's but the zombie's, whose
 * lease is already revoked.
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

    /** Makes {@code s} a fresh spare partition in the background, if it has none. */
    void stockSpare(Sandbox s) {
        submit(() -> {
            Partition fresh = Partition.open(s.region(), pageBytes);
            if (!s.stockSpare(fresh)) {
                fresh.revoke();
            }
        });
    }

    /** Puts {@code inc}, retired when the log held {@code loggedAtRetirement} events, to rest in the background. */
    void reap(Sandbox s, Incarnation inc, long loggedAtRetirement) {
        submit(() -> {
            try {
                if (s.state() == Sandbox.State.RUNNING || s.state() == Sandbox.State.RECOVERING) {
                    log.await(MonitorEvent.Serving.class, e -> e.sandbox().equals(s.name()) && e.incarnation() > inc.number(),
                            loggedAtRetirement, SUCCESSOR_WAIT_MILLIS);
                }
                inc.partition().revoke();
                boolean ended = inc.execution().awaitExit(EXIT_WAIT_MILLIS);
                log.record(nanos -> new MonitorEvent.IncarnationEnded(nanos, s.name(), inc.number(), ending(inc.execution(), ended)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
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

    /** Finishes what was handed over (up to {@code millis}), then stops. */
    void close(long millis) {
        thread.shutdown();
        try {
            thread.awaitTermination(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(TimeUnit.SECONDS.toMillis(5));
    }
}
