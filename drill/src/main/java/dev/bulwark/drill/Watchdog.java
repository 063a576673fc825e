package dev.bulwark.drill;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Ends a drill that has gone {@code limit} without a verdict: it interrupts the drill's thread, whose every wait
 * checks for that, and remembers what the drill said it was doing last ({@link #doing}), for the report.
 *
 * <p>Threading: {@link #doing} and {@link #progressed} are called by the drill's thread, the check runs on the
 * watchdog's own daemon thread; what they share is volatile.
 */
final class Watchdog {
    private final long limitNanos;
    private final Thread drill;
    private volatile long lastProgress = System.nanoTime();
    private volatile String activity = "the drill to start";
    private volatile boolean fired;
    private volatile boolean running = true;
    private Thread thread;

    Watchdog(Duration limit, Thread drill) {
        this.limitNanos = limit.toNanos();
        this.drill = drill;
    }

    void start() {
        lastProgress = System.nanoTime();
        thread = Thread.ofPlatform().name("drill-watchdog").daemon(true).start(() -> {
            while (running) {
                long idle = System.nanoTime() - lastProgress;
                if (idle >= limitNanos) {
                    fired = true;
                    drill.interrupt();
                    return;
                }
                LockSupport.parkNanos(Math.min(limitNanos - idle, 100_000_000L));
            }
        });
    }

    void stop() {
        running = false;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    /** The drill reached a verdict. */
    void progressed() {
        lastProgress = System.nanoTime();
    }

    /** What the drill waits for now, in words: {@code the chip to settle}. */
    void doing(String what) {
        activity = what;
    }

    String activity() {
        return activity;
    }

    /** Whether it ended the drill. */
    boolean fired() {
        return fired;
    }
}
