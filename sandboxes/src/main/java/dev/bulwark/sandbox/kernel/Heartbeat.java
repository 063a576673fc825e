package dev.bulwark.sandbox.kernel;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What a kernel incarnation shows the monitor of its liveness: the time of its last event-loop pass and
 * how much useful work (messages handled, timers fired) it has done.
 *
 * <p>Single writer: the kernel's thread, with release stores ({@code lazySet}). Readers (the monitor, the
 * demo) use acquire loads and see a recent value. One instance per incarnation, so a zombie's late beats
 * land on an object nobody watches any more.
 */
public final class Heartbeat {
    private final AtomicLong lastBeatNanos;
    private final AtomicLong progress = new AtomicLong();

    public Heartbeat(long bornNanos) {
        this.lastBeatNanos = new AtomicLong(bornNanos);
    }

    void beat(long nanos, long work) {
        lastBeatNanos.lazySet(nanos);
        progress.lazySet(work);
    }

    public long lastBeatNanos() {
        return lastBeatNanos.get();
    }

    /** Messages handled plus timers fired by this incarnation. */
    public long progress() {
        return progress.get();
    }
}
