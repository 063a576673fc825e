package dev.bulwark.monitor.spec;

import java.time.Duration;

/**
 * How failures are detected: a kernel whose heartbeat is older than {@code heartbeatTimeout} is hung;
 * each kernel verifies the checksum over its own data every {@code scrubPeriod}.
 */
public record DetectionSpec(Duration heartbeatTimeout, Duration scrubPeriod) {
    public static final DetectionSpec DEFAULT = new DetectionSpec(Duration.ofMillis(100), Duration.ofMillis(1));
}
