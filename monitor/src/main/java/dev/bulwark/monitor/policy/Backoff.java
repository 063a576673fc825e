package dev.bulwark.monitor.policy;

import dev.bulwark.monitor.spec.Units;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a restart waits before its launch, a config's {@code backoff: 10ms..1s}: the n-th restart inside
 * its scheme's intensity window waits {@code min * 2^(n-1)}, at most {@code max}. {@link #NONE} (no
 * {@code backoff} key) waits not at all. Valid when {@code 0 < min <= max}, or for {@link #NONE};
 * {@code SpecValidator} checks it.
 */
public record Backoff(Duration min, Duration max) {
    /** No backoff: every launch goes ahead at once. */
    public static final Backoff NONE = new Backoff(Duration.ZERO, Duration.ZERO);

    public Backoff {
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
    }

    /**
     * Nanoseconds the {@code n}-th restart counted in its window waits ({@code n >= 1}): {@code min * 2^(n-1)},
     * capped at {@code max}; 0 for {@link #NONE}.
     */
    public long delayNanos(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("restarts are counted from 1, got " + n);
        }
        long min = min().toNanos();
        long max = max().toNanos();
        int doublings = n - 1;
        if (doublings >= Long.numberOfLeadingZeros(min)) {
            return max; // min * 2^doublings would not fit a long: far past any cap
        }
        return Math.min(min << doublings, max);
    }

    /** {@code 10ms..1s}, as a config writes it; {@code none} for {@link #NONE}. */
    @Override
    public String toString() {
        return equals(NONE) ? "none" : Units.duration(min) + ".." + Units.duration(max);
    }
}
