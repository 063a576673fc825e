package dev.bulwark.sandbox.kernel;

/**
 * Kernel tunables that are part of the pristine image: how often the kernel verifies its own data, how many
 * messages (or device frames) it takes from one source per pass (fairness between sources), and how long a
 * driver lets a device keep a request or output waiting before it judges the device stopped.
 */
public record KernelConfig(long scrubPeriodNanos, int pollBatch, long driverTimeoutNanos) {
    /** The driver timeout when none is given. */
    public static final long DEFAULT_DRIVER_TIMEOUT_NANOS = 500_000_000L;

    public KernelConfig {
        if (scrubPeriodNanos <= 0 || pollBatch < 1 || driverTimeoutNanos <= 0) {
            throw new IllegalArgumentException("kernel config: scrub period " + scrubPeriodNanos + " ns, poll batch "
                    + pollBatch + ", driver timeout " + driverTimeoutNanos + " ns");
        }
    }

    public static KernelConfig withScrubPeriod(long scrubPeriodNanos) {
        return new KernelConfig(scrubPeriodNanos, 64, DEFAULT_DRIVER_TIMEOUT_NANOS);
    }

    /** This config with {@code nanos} as the driver timeout. */
    public KernelConfig withDriverTimeout(long nanos) {
        return new KernelConfig(scrubPeriodNanos, pollBatch, nanos);
    }
}
