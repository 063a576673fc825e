package dev.bulwark.monitor.spec;

import java.time.Duration;

/**
 * How failures are detected: a kernel silent for longer than {@code heartbeatTimeout} (no heartbeat, and
 * not asleep on its doorbell) is hung; each kernel verifies the checksum over its own data every
 * {@code scrubPeriod}, which bounds how long a bit flip in it goes unnoticed.
 *
 * <p>The default scrub period is what lets idle kernels sleep: an idle kernel wakes only for its timers
 * and its scrub, so 256 idle sandboxes cost 2.4% of one host CPU at 250 ms and 5.2% at 100 ms (README,
 * "What idle costs"). A drill that needs fast detection of bit flips sets it to a millisecond.
 */
public record DetectionSpec(Duration heartbeatTimeout, Duration scrubPeriod) {
    public static final DetectionSpec DEFAULT = new DetectionSpec(Duration.ofMillis(100), Duration.ofMillis(250));
}
