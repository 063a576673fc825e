package dev.bulwark.monitor.policy;

import java.util.List;
import java.util.Objects;

/**
 * {@code redundant} (COVERT): the member runs as {@code copies} (2 or 3) copies on {@code cores}, fed one input
 * log and compared output by output before one copy of each leaves.
 */
public record Redundant(int copies, List<Integer> cores) implements Scheme {
    public static final String NAME = "redundant";

    public Redundant {
        cores = List.copyOf(Objects.requireNonNull(cores, "cores"));
    }

    @Override
    public String configName() {
        return NAME;
    }

    @Override
    public Attempt revive(String member, CoreChoice cores) {
        return new Attempt.Refused("redundant execution is not available in this build");
    }

    @Override
    public String toString() {
        return NAME + " (" + copies + " copies on cores " + cores + ")";
    }
}
