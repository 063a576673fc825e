package dev.bulwark.hw.core;

import java.util.concurrent.locks.LockSupport;

/**
 * Spin, then yield, then park with a doubling period up to a ceiling: an idle core costs almost
 * nothing, so sixteen modeled cores fit on a two-CPU host. Any work resets the backoff.
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

    /**
     * Host CPU time an idle core may ask for, as parks per core sharing a CPU: with {@code n} cores per host
     * CPU the longest park is at least {@code n} times this. Measured on a 2-CPU host (JDK 25): an idle
     * core's wake-up (the park's timer, a pass of an idle kernel, the next park) costs about 5 µs of CPU,
     * so 20 µs per core keeps idle cores under a quarter of the host however many there are, where a
     * fixed 1 ms ceiling saturated 2 CPUs from about 300 idle cores on.
     */
    public static final long PARK_NANOS_PER_CORE_PER_CPU = 20_000;

    /** The default for modeled cores: 100 spins, 10 yields, then parks of 1 µs doubling to 1 ms. */
    public static BackoffIdleStrategy forCores() {
        return new BackoffIdleStrategy(DEFAULT_MAX_SPINS, DEFAULT_MAX_YIELDS, DEFAULT_MIN_PARK_NANOS, DEFAULT_MAX_PARK_NANOS);
    }

    /**
     * The default for {@code cores} modeled cores sharing {@code hostCpus} host CPUs: as {@link #forCores()},
     * but the longest park grows with the cores per CPU once past {@code 1 ms / }{@link #PARK_NANOS_PER_CORE_PER_CPU}
     * (50 per CPU), so that idle cores never saturate the host. Below that it is exactly {@link #forCores()}.
     */
    public static BackoffIdleStrategy forCores(int cores, int hostCpus) {
        return new BackoffIdleStrategy(DEFAULT_MAX_SPINS, DEFAULT_MAX_YIELDS, DEFAULT_MIN_PARK_NANOS,
                longestPark(cores, hostCpus));
    }

    /** The longest park of {@link #forCores(int, int)}. */
    public static long longestPark(int cores, int hostCpus) {
        long perCpu = Math.ceilDiv(Math.max(1, cores), Math.max(1, hostCpus));
        return Math.max(DEFAULT_MAX_PARK_NANOS, perCpu * PARK_NANOS_PER_CORE_PER_CPU);
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
