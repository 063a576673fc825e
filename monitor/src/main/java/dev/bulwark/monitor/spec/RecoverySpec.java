package dev.bulwark.monitor.spec;

import dev.bulwark.monitor.policy.Backoff;
import dev.bulwark.monitor.policy.Scheme;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a failed sandbox, or group, is recovered, as an Erlang/OTP supervisor would say it: an escalation chain
 * of {@code schemes}, tried first to last, each with a restart intensity of its own of at most
 * {@code maxRestarts} restarts within {@code within}, and a {@code backoff} before each restart; when the last
 * scheme is refused or exceeds its intensity, the sandbox (or the members its group's strategy takes down) stops
 * for good. {@link dev.bulwark.monitor.policy.Supervisor} carries it out; {@link SpecValidator} checks it (a
 * chain that is not empty and names each scheme once, {@code maxRestarts >= 0}, a positive window, a backoff
 * with {@code 0 < min <= max}).
 */
public record RecoverySpec(List<Scheme> schemes, int maxRestarts, Duration within, Backoff backoff) {
    public static final RecoverySpec DEFAULT = new RecoverySpec(Scheme.RESTART, 3, Duration.ofSeconds(10));

    public RecoverySpec {
        schemes = List.copyOf(schemes);
        Objects.requireNonNull(backoff, "backoff is null: Backoff.NONE is none");
    }

    /** A chain of one scheme, without backoff: a config's {@code scheme: restart}. */
    public RecoverySpec(Scheme scheme, int maxRestarts, Duration within) {
        this(List.of(scheme), maxRestarts, within, Backoff.NONE);
    }

    /** This recovery with a restart intensity of {@code maxRestarts} within {@code within}. */
    public RecoverySpec withIntensity(int maxRestarts, Duration within) {
        return new RecoverySpec(schemes, maxRestarts, within, backoff);
    }
}
