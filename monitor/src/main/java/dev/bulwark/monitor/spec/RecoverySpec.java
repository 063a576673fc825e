package dev.bulwark.monitor.spec;

import java.time.Duration;

/**
 * How a failed sandbox is recovered, as an Erlang/OTP supervisor would say it: a scheme, and a restart
 * intensity of at most {@code maxRestarts} restarts within {@code within}; one more failure inside that
 * window stops the sandbox for good.
 */
public record RecoverySpec(RecoveryScheme scheme, int maxRestarts, Duration within) {
    public static final RecoverySpec DEFAULT = new RecoverySpec(RecoveryScheme.RESTART, 3, Duration.ofSeconds(10));
}
