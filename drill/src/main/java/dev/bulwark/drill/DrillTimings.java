package dev.bulwark.drill;

import dev.bulwark.hw.fault.FaultKind;
import dev.bulwark.monitor.spec.DetectionSpec;

import java.time.Duration;

/**
 * How long a drill waits, per injection. They follow from the chip's detection settings ({@link #forDetection}):
 * a 10 ms heartbeat timeout wants a shorter masking window than the default 100 ms one.
 *
 * @param quiet      how long the chip must go without a new failure, every sandbox serving and every workload
 *                   succeeding, before the next injection (the settle)
 * @param maskWindow how long after an injection nothing may be detected for it to count as masked
 * @param verdict    the most an injection may take from injection to verdict; past it, no verdict
 * @param maxOffset  injections land a seeded 0 to this long after the settle
 * @param watchdog   the most the whole drill may go without finishing an injection; past it the drill ends
 * @param throughputWindow how long each variant's fault-free throughput is measured before its first injection;
 *                   zero: not measured
 */
public record DrillTimings(Duration quiet, Duration maskWindow, Duration verdict, Duration maxOffset, Duration watchdog,
                           Duration throughputWindow) {
    /** Timings that measure no throughput. */
    public DrillTimings(Duration quiet, Duration maskWindow, Duration verdict, Duration maxOffset, Duration watchdog) {
        this(quiet, maskWindow, verdict, maxOffset, watchdog, Duration.ZERO);
    }

    /** These timings, measuring each variant's fault-free throughput over {@code window} (zero: not at all). */
    public DrillTimings withThroughputWindow(Duration window) {
        return new DrillTimings(quiet, maskWindow, verdict, maxOffset, watchdog, window);
    }

    public DrillTimings {
        if (throughputWindow.isNegative()) {
            throw new IllegalArgumentException("a negative throughput window: " + throughputWindow);
        }
        for (Duration d : new Duration[] {quiet, maskWindow, verdict, watchdog}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("drill timings must be positive: " + this);
            }
        }
        if (maxOffset.isNegative()) {
            throw new IllegalArgumentException("a negative injection offset: " + maxOffset);
        }
    }

    /**
     * The timings that go with {@code detection} for faults of {@code mix}: a masking window of three heartbeat
     * timeouts and three scrub periods, and two driver timeouts when the mix fails devices or drivers (each at least
     * 100 ms: an app reads a flipped value only when its client asks for it); a settle of one heartbeat timeout (at
     * least 10 ms: a kernel the last injection hung would be found by then); 5 s to a verdict plus the window; offsets up to 5 ms; a watchdog of a minute over the verdict.
     */
    public static DrillTimings forDetection(DetectionSpec detection, FaultMix mix) {
        Duration window = max(Duration.ofMillis(100), detection.heartbeatTimeout().multipliedBy(3),
                detection.scrubPeriod().multipliedBy(3));
        if (mix.weights().containsKey(FaultKind.DEVICE_FAILURE) || mix.weights().containsKey(FaultKind.DRIVER_BUG)) {
            window = max(window, detection.driverTimeout().multipliedBy(2));
        }
        Duration verdict = Duration.ofSeconds(5).plus(window);
        return new DrillTimings(max(Duration.ofMillis(10), detection.heartbeatTimeout()), window, verdict,
                Duration.ofMillis(5), verdict.plusSeconds(60));
    }

    private static Duration max(Duration first, Duration... others) {
        Duration max = first;
        for (Duration d : others) {
            max = d.compareTo(max) > 0 ? d : max;
        }
        return max;
    }
}
