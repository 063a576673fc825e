package dev.bulwark.monitor;

import java.util.ArrayDeque;

/**
 * Erlang/OTP's restart intensity: at most {@code maxRestarts} restarts within any window of
 * {@code windowNanos}. A failure that would need one more is refused, and the supervisor escalates.
 * Used by the monitor thread only.
 */
final class RestartIntensity {
    private final int maxRestarts;
    private final long windowNanos;
    private final ArrayDeque<Long> restarts = new ArrayDeque<>();

    RestartIntensity(int maxRestarts, long windowNanos) {
        this.maxRestarts = maxRestarts;
        this.windowNanos = windowNanos;
    }

    /** Records a restart at {@code now} and returns true, or returns false if that would exceed the limit. */
    boolean tryRestart(long now) {
        while (!restarts.isEmpty() && now - restarts.peekFirst() >= windowNanos) {
            restarts.pollFirst();
        }
        if (restarts.size() >= maxRestarts) {
            return false;
        }
        restarts.addLast(now);
        return true;
    }
}
