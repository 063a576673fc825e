package dev.bulwark.monitor.policy;

import dev.bulwark.monitor.spec.Units;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * Erlang/OTP's restart intensity ({@code add_restart} in {@code supervisor.erl}): at most {@code maxRestarts}
 * restarts within any window of {@code window}. A failure that would need one more is refused, and not
 * counted; the supervisor escalates. Timestamps are the caller's nanoseconds, compared as differences, so a
 * clock that wraps is fine. Not thread-safe: one per scheme of a {@link Supervisor}, used by the monitor's
 * supervisor thread only.
 */
public final class RestartIntensity {
    private final int maxRestarts;
    private final long windowNanos;
    private final ArrayDeque<Long> restarts = new ArrayDeque<>();

    public RestartIntensity(int maxRestarts, long windowNanos) {
        if (maxRestarts < 0 || windowNanos <= 0) {
            throw new IllegalArgumentException("need maxRestarts >= 0 and a positive window, got %d within %dns"
                    .formatted(maxRestarts, windowNanos));
        }
        this.maxRestarts = maxRestarts;
        this.windowNanos = windowNanos;
    }

    /** Records a restart at {@code now} and returns true, or returns false if that would exceed the limit. */
    public boolean tryRestart(long now) {
        while (!restarts.isEmpty() && now - restarts.peekFirst() >= windowNanos) {
            restarts.pollFirst();
        }
        if (restarts.size() >= maxRestarts) {
            return false;
        }
        restarts.addLast(now);
        return true;
    }

    /** The restarts inside the window as of the last {@link #tryRestart}, that one included if it was taken. */
    public int counted() {
        return restarts.size();
    }

    /** What exceeding this intensity means, in a config's words: {@code more than 3 restarts within 10s}. */
    public String limit() {
        return "more than %d restart%s within %s".formatted(maxRestarts, maxRestarts == 1 ? "" : "s",
                Units.duration(Duration.ofNanos(windowNanos)));
    }
}
