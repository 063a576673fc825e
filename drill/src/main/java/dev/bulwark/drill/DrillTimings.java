package dev.bulwark.drill;

import java.time.Duration;

/**
 * How long a drill waits, per injection. A scenario sets these with its detection settings: a 10 ms heartbeat
 * timeout wants a shorter masking window than the default 100 ms one.
 *
 * @param quiet      how long the chip must go without a new failure, every sandbox serving and every workload
 *                   succeeding, before the next injection (the settle)
 * @param maskWindow how long after an injection nothing may be detected for it to count as masked
 * @param verdict    the most an injection may take from injection to verdict; past it, no verdict
 * @param maxOffset  injections land a seeded 0 to this long after the settle
 * @param watchdog   the most the whole drill may go without finishing an injection; past it the drill ends
 */
public record DrillTimings(Duration quiet, Duration maskWindow, Duration verdict, Duration maxOffset, Duration watchdog) {
    public DrillTimings {
        for (Duration d : new Duration[] {quiet, maskWindow, verdict, watchdog}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("drill timings must be positive: " + this);
            }
        }
        if (maxOffset.isNegative()) {
            throw new IllegalArgumentException("a negative injection offset: " + maxOffset);
        }
    }

    public static final DrillTimings DEFAULT = new DrillTimings(Duration.ofMillis(50), Duration.ofMillis(150),
            Duration.ofSeconds(5), Duration.ofMillis(5), Duration.ofSeconds(60));
}
