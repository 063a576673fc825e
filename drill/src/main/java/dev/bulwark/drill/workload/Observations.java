package dev.bulwark.drill.workload;

import java.util.List;

/**
 * What every workload answers the judge from: the times of its successes ({@link SuccessTimeline}) and its
 * checkers' violations ({@link ViolationLog}), both thread-safe, written by the workload's own threads and read
 * by the drill's. A workload extends this and records into {@link #successes} and {@link #violations}.
 */
abstract class Observations implements Workload {
    final SuccessTimeline successes;
    final ViolationLog violations;

    /** For workload {@code name}, keeping pauses between successes longer than {@code gapFloorNanos}. */
    Observations(String name, long gapFloorNanos) {
        this.successes = new SuccessTimeline(gapFloorNanos);
        this.violations = new ViolationLog(name);
    }

    @Override
    public final long firstSuccessAfter(long nanos) {
        return successes.firstSuccessAfter(nanos);
    }

    @Override
    public final long longestGap(long from, long to) {
        return successes.longestGap(from, to);
    }

    @Override
    public final int violations() {
        return violations.size();
    }

    @Override
    public final List<Violation> violationsSince(int from) {
        return violations.since(from);
    }
}
