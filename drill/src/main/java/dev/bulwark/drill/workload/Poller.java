package dev.bulwark.drill.workload;

import dev.bulwark.hw.clock.NanoClock;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * A checker's own thread: calls its step with the clock's time about every {@link #PERIOD_NANOS} (parked in
 * between, never spinning) until closed. A step that throws (a sandbox's memory read while its mapping closes, say)
 * is counted in {@link #failedSteps()} and the next one runs as usual.
 *
 * <p>Threading: the step runs on the poller's thread only; {@code running} is volatile, so {@link #close} (any
 * thread) stops it, and joins it.
 */
final class Poller implements AutoCloseable {
    static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final Thread thread;
    private final AtomicLong failedSteps = new AtomicLong();
    private volatile boolean running = true;

    Poller(String name, NanoClock clock, LongConsumer step) {
        this.thread = Thread.ofPlatform().name(name).daemon(true).unstarted(() -> {
            while (running) {
                try {
                    step.accept(clock.nanoTime());
                } catch (RuntimeException e) {
                    failedSteps.incrementAndGet();
                }
                LockSupport.parkNanos(PERIOD_NANOS);
            }
        });
    }

    void start() {
        thread.start();
    }

    long failedSteps() {
        return failedSteps.get();
    }

    @Override
    public void close() {
        running = false;
        if (thread.getState() != Thread.State.NEW && Thread.currentThread() != thread) {
            LockSupport.unpark(thread);
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
