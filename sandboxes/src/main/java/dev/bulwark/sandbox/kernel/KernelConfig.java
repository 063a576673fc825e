package dev.bulwark.sandbox.kernel;

/**
 * Kernel tunables that are part of the pristine image: how often the kernel verifies its own data,
 * and how many messages it takes from one inbound channel per pass (fairness between channels).
 */
public record KernelConfig(long scrubPeriodNanos, int pollBatch) {
    public KernelConfig {
        if (scrubPeriodNanos <= 0 || pollBatch < 1) {
            throw new IllegalArgumentException("kernel config: scrub period " + scrubPeriodNanos + " ns, poll batch " + pollBatch);
        }
    }

    public static KernelConfig withScrubPeriod(long scrubPeriodNanos) {
        return new KernelConfig(scrubPeriodNanos, 64);
    }
}
