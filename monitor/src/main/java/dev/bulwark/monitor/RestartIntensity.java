package dev.bulwark.monitor;

/**
 * The per-sandbox restart count {@link Sandbox} keeps until the monitor executes the plans of
 * {@link dev.bulwark.monitor.policy.Supervisor}s, which count per scheme of their own: delete this with
 * {@code Sandbox.intensity}. It is {@link dev.bulwark.monitor.policy.RestartIntensity}, under its old name.
 */
final class RestartIntensity {
    private final dev.bulwark.monitor.policy.RestartIntensity intensity;

    RestartIntensity(int maxRestarts, long windowNanos) {
        this.intensity = new dev.bulwark.monitor.policy.RestartIntensity(maxRestarts, windowNanos);
    }

    /** Records a restart at {@code now} and returns true, or returns false if that would exceed the limit. */
    boolean tryRestart(long now) {
        return intensity.tryRestart(now);
    }
}
