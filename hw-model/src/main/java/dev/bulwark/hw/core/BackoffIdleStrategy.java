package dev.bulwark.hw.core;

import java.util.concurrent.locks.LockSupport;

/**
 * Spin, then yield, then park with a doubling period up to a ceiling: an idle core costs almost
 * nothing, so sixteen modeled cores fit on a two-CPU host. Any work resets the backoff.
 *
 * <pre>
 *   idle calls:  1 .. spins | .. + yields | park min, 2*min, 4*min ... max, max, ...
 * </pre>
 * The ceiling bounds how late an idle core notices new work (and how often it beats its heartbeat).
 */
public final class BackoffIdleStrategy implements IdleStrategy {
    private final int maxSpins;
    private final int maxYields;
    private final long minParkNanos;
    private final long maxParkNanos;

    private int spins;
    private int yields;
    private long parkNanos;

    public BackoffIdleStrategy(int maxSpins, int maxYields, long minParkNanos, long maxParkNanos) {
        if (maxSpins < 0 || maxYields < 0 || minParkNanos < 1 || maxParkNanos < minParkNanos) {
            throw new IllegalArgumentException("bad backoff: spins=" + maxSpins + " yields=" + maxYields
                    + " park=" + minParkNanos + ".." + maxParkNanos + " ns");
        }
        this.maxSpins = maxSpins;
        this.maxYields = maxYields;
        this.minParkNanos = minParkNanos;
        this.maxParkNanos = maxParkNanos;
        this.parkNanos = minParkNanos;
    }

    /** The default for modeled cores: 100 spins, 10 yields, then parks of 1 µs doubling to 1 ms. */
    public static BackoffIdleStrategy forCores() {
        return new BackoffIdleStrategy(100, 10, 1_000, 1_000_000);
    }

    @Override
    public void idle(int workCount) {
        if (workCount > 0) {
            reset();
        } else if (spins < maxSpins) {
            spins++;
            Thread.onSpinWait();
        } else if (yields < maxYields) {
            yields++;
            Thread.yield();
        } else {
            LockSupport.parkNanos(parkNanos);
            parkNanos = Math.min(parkNanos << 1, maxParkNanos);
        }
    }

    @Override
    public void reset() {
        spins = 0;
        yields = 0;
        parkNanos = minParkNanos;
    }
}
