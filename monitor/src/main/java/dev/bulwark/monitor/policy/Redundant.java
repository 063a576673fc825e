package dev.bulwark.monitor.policy;

import java.util.List;
import java.util.Objects;

/**
 * {@code redundant} (COVERT): the member runs as {@code copies} (2 or 3) copies on {@code cores}, fed one input
 * log and compared output by output before one copy of each leaves.
 *
 * <p>What it does is the monitor's replication ({@code dev.bulwark.monitor.replica}): a copy that fails by itself
 * (a trap, a hang, outvoted by the other two) is rebuilt, replaying the input log, while the others serve, within
 * this scheme's restart intensity, without asking the supervisor. The supervisor of the copies (a group of their
 * own, {@code one_for_all}) is asked only when no good copy is left to rebuild from: two copies whose outputs
 * differ, every copy failed, or the intensity exceeded; so here it refuses, and the chain's next scheme recovers
 * every copy at once (restart: all from the pristine image).
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
        return new Attempt.Refused("no good copy is left to rebuild " + member + " from (the copies' outputs differed, "
                + "or every copy failed, or rebuilds exceeded the intensity)");
    }

    @Override
    public String toString() {
        return NAME + " (" + copies + " copies on cores " + cores + ")";
    }
}
