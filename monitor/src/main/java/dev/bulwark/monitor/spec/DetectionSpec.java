package dev.bulwark.monitor.spec;

import java.time.Duration;

/**
 * How failures are detected: a kernel silent for longer than {@code heartbeatTimeout} (no heartbeat, and
 * not asleep on its doorbell) is hung; each kernel verifies the checksum over its own data every
 * {@code scrubPeriod}, which bounds how long a bit flip in it goes unnoticed; a driver that waited
 * {@code driverTimeout} for its device declares the device stopped.
 *
 * <p>The default scrub period is what lets idle kernels sleep: an idle kernel wakes only for its timers
 * and its scrub, so 256 idle sandboxes cost 2.4% of one host CPU at 250 ms and 5.2% at 100 ms (README,
 * "What idle costs"). A drill that needs fast detection of bit flips sets it to a millisecond.
 */
public record DetectionSpec(Duration heartbeatTimeout, Duration scrubPeriod, Duration driverTimeout) {
    public static final DetectionSpec DEFAULT = new DetectionSpec(Duration.ofMillis(100), Duration.ofMillis(250));

    /**
     * With the driver timeout a config that names none gets: five heartbeat timeouts, at least 500 ms (a device
     * request on a busy two-CPU host can wait that long for its CPU; a drill that wants driver failures detected
     * faster says so with {@code driverTimeout}).
     */
    public DetectionSpec(Duration heartbeatTimeout, Duration scrubPeriod) {
        this(heartbeatTimeout, scrubPeriod, defaultDriverTimeout(heartbeatTimeout));
    }

    /** How long a driver waits on its device before it declares it stopped ({@code DRIVER_TIMEOUT}). */
    public static Duration defaultDriverTimeout(Duration heartbeatTimeout) {
        Duration floor = Duration.ofMillis(500);
        if (heartbeatTimeout == null) {
            return floor;
        }
        Duration five = heartbeatTimeout.multipliedBy(5);
        return five.compareTo(floor) > 0 ? five : floor;
    }
}
