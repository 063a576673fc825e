package dev.bulwark.bench.jmh;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The other side of a JMH benchmark: a thread of its own that runs one side's loop (answer {@code BATCH}
 * round trips, or consume {@code BATCH} messages) once per {@link #request()}, so that JMH's benchmark thread
 * can run the matching loop as its operation. Counting requests keeps the two sides' message counts equal
 * however JMH starts and stops its iterations, so neither side ever waits for a message that will not come.
 *
 * <p>Threads: {@code request} and {@code stop} on the benchmark thread; the loop on the companion's own.
 * {@code requested} is written by the benchmark thread (a volatile increment) and read by the companion.
 */
final class Companion {
    /** One run of the companion's side. */
    @FunctionalInterface
    interface Side {
        void run() throws Exception;
    }

    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    private final AtomicLong requested = new AtomicLong();
    private final Side side;
    private final Thread thread;
    private volatile boolean closing;
    private volatile Throwable failure;

    Companion(String name, Side side) {
        this.side = side;
        this.thread = Thread.ofPlatform().name(name).daemon().start(this::loop);
    }

    /** Asks for one more run of the side; returns at once. */
    void request() {
        requested.incrementAndGet();
    }

    private void loop() {
        long served = 0;
        try {
            while (true) {
                while (requested.get() == served) {
                    if (closing) {
                        return;
                    }
                    Thread.onSpinWait();
                }
                side.run();
                served++;
            }
        } catch (Throwable e) {
            failure = e;
        }
    }

    /** Waits for the runs requested so far to end, then stops the thread; throws if a run failed. */
    void stop() throws InterruptedException {
        closing = true;
        thread.join(CLOSE_WAIT);
        if (failure != null) {
            throw new IllegalStateException(thread.getName() + " failed", failure);
        }
        if (thread.isAlive()) {
            throw new IllegalStateException(thread.getName() + " did not finish within " + CLOSE_WAIT.toSeconds() + " s");
        }
    }
}
