package dev.bulwark.monitor.policy;

import dev.bulwark.monitor.spec.Units;

import java.time.Duration;
import java.util.Objects;

/**
 * {@code rollback} (Cuju, Remus): the member checkpoints every {@code epoch} while it runs (its kernel copies the
 * pages dirtied since the last checkpoint, with its channel positions, to a checkpoint area the monitor owns, and
 * the outputs of an epoch are held until that epoch commits); a failed member is launched again on the last
 * committed checkpoint, its inputs since then replayed, its held outputs dropped. No output of the rolled-back
 * epoch was ever seen by anyone, so the member comes back to a state no receiver saw beyond. Refused here only
 * when no core is left.
 */
public record Rollback(Duration epoch) implements Scheme {
    public static final String NAME = "rollback";

    public Rollback {
        Objects.requireNonNull(epoch, "epoch");
    }

    @Override
    public String configName() {
        return NAME;
    }

    @Override
    public Attempt revive(String member, CoreChoice cores) {
        return cores.launch(member, Step.Memory.CHECKPOINT, this);
    }

    @Override
    public String toString() {
        return NAME + " (epoch " + Units.duration(epoch) + ")";
    }
}
