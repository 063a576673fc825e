package dev.bulwark.hw.core;

import java.util.concurrent.locks.LockSupport;

/**
 * Spin, then yield, then park with a doubling period up to a ceiling: an idle core costs almost
 * nothing, so sixteen modeled cores fit on a two-CPU host. Any work resets the backoff.
 *
 * <p>Attached to a core's {@link Doorbell}, a park is a doorbell sleep: it ends early when someone rings
 * (new work) and is cut to the program's next timer ({@link CoreProgram#wakeAt}), so the ceiling can be
 * long without making the core late: it only bounds how long a core sleeps with nothing to do.
 *
 * <pre>
 *   idle calls:  1 .. spins | .. + yields | park min, 2*min, 4*min ... max, max, ...
 *   state:       SPINNING   | YIELDING    | PARKING
 * </pre>
 * The ceiling bounds how late an idle core notices new work and how often it beats its heartbeat, so a
 * heartbeat timeout has to allow for it: see {@link #maxParkNanos()}.
 */
public final class BackoffIdleStrategy implements IdleStrategy {
    /** Where the backoff is: what the next idle call without work will do. */
    public enum State { SPINNING, YIELDING, PARKING }

    /** The defaults for modeled cores. */
    public static final int DEFAULT_MAX_SPINS = 100;
    public static final int DEFAULT_MAX_YIELDS = 10;
    public static final long DEFAULT_MIN_PARK_NANOS = 1_000;
    public static final long DEFAULT_MAX_PARK_NANOS = 1_000_000;

    private final int maxSpins;
    private final int maxYields;
    private final long minParkNanos;
    private final long maxParkNanos;

    private int spins;
    private int yields;
    private long parkNanos;
    private Doorbell doorbell;

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

    /** The ceiling of a doorbell sleep: how long a core with nothing to do and no timer sleeps at most. */
    public static final long MAX_SLEEP_NANOS = 1_000_000_000;

    /** The default for modeled cores without a doorbell: 100 spins, 10 yields, then parks of 1 µs doubling to 1 ms. */
    public static BackoffIdleStrategy forCores() {
        return new BackoffIdleStrategy(DEFAULT_MAX_SPINS, DEFAULT_MAX_YIELDS, DEFAULT_MIN_PARK_NANOS, DEFAULT_MAX_PARK_NANOS);
    }

    /**
     * The default for cores whose program wakes them ({@link CoreProgram#wakeAt}) and whose work sources
     * ring their {@link Doorbell}: 100 spins, 10 yields, then doorbell sleeps doubling from 1 µs up to
     * {@link #MAX_SLEEP_NANOS}, each cut short by a ring or the program's next timer. An idle kernel then
     * wakes only for its timers and scrubs, whatever the number of cores.
     */
    public static BackoffIdleStrategy forSleepers() {
        return new BackoffIdleStrategy(DEFAULT_MAX_SPINS, DEFAULT_MAX_YIELDS, DEFAULT_MIN_PARK_NANOS, MAX_SLEEP_NANOS);
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
            if (doorbell != null) {
                doorbell.sleep(parkNanos);
            } else {
                LockSupport.parkNanos(parkNanos);
            }
            parkNanos = Math.min(parkNanos << 1, maxParkNanos);
        }
    }

    @Override
    public void attach(Doorbell doorbell) {
        this.doorbell = doorbell;
    }

    @Override
    public void reset() {
        spins = 0;
        yields = 0;
        parkNanos = minParkNanos;
    }

    /** What the next idle call without work will do. */
    public State state() {
        return spins < maxSpins ? State.SPINNING : yields < maxYields ? State.YIELDING : State.PARKING;
    }

    /** How long the next park will ask for, once the backoff is parking. */
    public long parkNanos() {
        return parkNanos;
    }

    /** The longest park: an idle core passes through its loop at least this often (plus the host's oversleep). */
    public long maxParkNanos() {
        return maxParkNanos;
    }
}
