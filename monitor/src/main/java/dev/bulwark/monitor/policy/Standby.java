package dev.bulwark.monitor.policy;

import java.util.Objects;

/**
 * {@code standby} (the redundant driver, the spare device controller): a warm standby kernel waits on another
 * core ({@code core} at first; the failed primary's core afterwards), booted from the pristine image and, when
 * the member also checkpoints ({@link Rollback}), fed with each committed checkpoint. A failed member fails over
 * to it: the monitor rebinds the member's channels and devices to the standby, which takes over at once; a new
 * standby is then built in the background. Refused when no standby is ready (still being built, or its core
 * failed for good).
 */
public record Standby(int core, Mode mode) implements Scheme {
    public static final String NAME = "standby";

    /** How far the standby is readied before it is needed. */
    public enum Mode {
        /** Booted and waiting on its core, its memory kept at the last committed checkpoint. */
        WARM;

        public String configName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Standby {
        Objects.requireNonNull(mode, "mode");
    }

    @Override
    public String configName() {
        return NAME;
    }

    @Override
    public Attempt revive(String member, CoreChoice cores) {
        return cores.failover(member, this);
    }

    @Override
    public String toString() {
        return NAME + " (" + mode.configName() + ", core " + core + ")";
    }
}
