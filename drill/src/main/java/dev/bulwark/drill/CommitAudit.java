package dev.bulwark.drill;

import dev.bulwark.monitor.event.MonitorEvent;

import java.util.List;

/**
 * The audit of output commit over a variant's fault phase: what its rollbacks did ({@link MonitorEvent.RolledBack},
 * summed over every chip it booted) and what its KV clients found lost. Both {@code escaped} and {@code lostWrites}
 * must be 0: a rolled-back epoch's output that a receiver may have seen, and an acknowledged write that a recovery
 * lost, are what rollback with output commit promises never to show.
 *
 * @param rollbacks  rollbacks to a checkpoint
 * @param replayed   inputs taken since their checkpoints, replayed to the new incarnations
 * @param released   outputs of a committed epoch a failed incarnation still held, released by the monitor
 * @param escaped    outputs of rolled-back epochs that were published all the same
 * @param lostWrites GETs that read nil for an acknowledged write no memory loss explains
 */
public record CommitAudit(int rollbacks, long replayed, long released, long escaped, long lostWrites) {
    public static final CommitAudit NONE = new CommitAudit(0, 0, 0, 0, 0);

    /** The audit of one chip: its rollbacks, and {@code lostWrites} as its KV clients counted them. */
    public static CommitAudit of(List<MonitorEvent.RolledBack> rollbacks, long lostWrites) {
        return new CommitAudit(rollbacks.size(), rollbacks.stream().mapToLong(MonitorEvent.RolledBack::replayed).sum(),
                rollbacks.stream().mapToLong(MonitorEvent.RolledBack::released).sum(),
                rollbacks.stream().mapToLong(MonitorEvent.RolledBack::escaped).sum(), lostWrites);
    }

    public CommitAudit plus(CommitAudit other) {
        return new CommitAudit(rollbacks + other.rollbacks, replayed + other.replayed, released + other.released,
                escaped + other.escaped, lostWrites + other.lostWrites);
    }

    /** Whether nothing escaped and no acknowledged write was lost. */
    public boolean clean() {
        return escaped == 0 && lostWrites == 0;
    }
}
