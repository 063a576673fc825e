package dev.bulwark.drill;

import dev.bulwark.drill.workload.LoadFigures;

/**
 * What a drill measured of one scheme variant beside its verdicts: its throughput and latency on a fault-free chip
 * (if the drill measures a load), and the audit of output commit over its fault phase.
 *
 * @param variant    the variant's label
 * @param epochNanos the longest rollback epoch its spec sets, 0 if it rolls nothing back
 * @param load       the load measured on a fault-free chip of it; null if the drill measures none
 * @param audit      over its fault phase
 */
public record VariantFigures(String variant, long epochNanos, LoadFigures load, CommitAudit audit) {
    /**
     * This variant's throughput as a share of {@code baseline}'s, both measured in the same run: 1 is as fast,
     * 0.9 a 10% overhead; NaN if either measured none.
     */
    public double ratioTo(VariantFigures baseline) {
        if (load == null || baseline.load == null || baseline.load.opsPerSecond() <= 0) {
            return Double.NaN;
        }
        return load.opsPerSecond() / baseline.load.opsPerSecond();
    }

    /** {@code 1 - ratioTo(baseline)}: the share of {@code baseline}'s throughput this variant loses. */
    public double overheadVs(VariantFigures baseline) {
        return 1 - ratioTo(baseline);
    }

    /**
     * The commands a window must keep in flight for this variant to keep {@code baseline}'s throughput: its
     * bandwidth-delay product, {@code baseline}'s ops/s times its round trip without queueing (its 1-deep median)
     * plus this variant's epoch (output commit holds each reply up to an epoch); -1 if {@code baseline} measured none.
     */
    public long bandwidthDelay(VariantFigures baseline) {
        if (baseline.load == null || baseline.load.idleP50Nanos() < 0) {
            return -1;
        }
        return Math.round(baseline.load.opsPerSecond() * (baseline.load.idleP50Nanos() + epochNanos) / 1e9);
    }
}
