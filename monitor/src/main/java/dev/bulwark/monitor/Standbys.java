package dev.bulwark.monitor;

import dev.bulwark.hw.core.Core;
import dev.bulwark.hw.core.CoreFailedException;
import dev.bulwark.hw.core.Execution;
import dev.bulwark.hw.core.IdleStrategy;
import dev.bulwark.hw.core.Lease;
import dev.bulwark.hw.memory.Backing;
import dev.bulwark.hw.memory.Partition;
import dev.bulwark.monitor.event.MonitorEvent;
import dev.bulwark.monitor.policy.Standby;
import dev.bulwark.sandbox.kernel.StandbyProgram;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The warm standbys of the sandboxes whose recovery chain names {@code standby}: at most one each, waiting on a core of
 * its own ({@link StandbyProgram}) with its own mapping of one of the sandbox's two backings, until a failover
 * promotes it ({@link Monitor#promote}). The first goes on the core the scheme names; after a failover the next goes
 * on the failed primary's core, once that core is free and the sandbox has a zeroed spare again (the reaper recycles
 * the failed incarnation's backing off the critical path): {@link #replenish}, each round of the supervisor loop,
 * builds what is missing.
 *
 * <p>Threading: the supervisor thread only, but {@link Ready#promoted}, read by the standby's trap handler on its
 * core's thread (volatile).
 */
final class Standbys {
    /** A standby waiting on {@code core}; {@code promoted} is the incarnation it became (0 while it waits). */
    static final class Ready {
        private final int core;
        private final StandbyProgram program;
        private final Execution run;
        private final Lease lease;
        private final Backing backing;
        private volatile int promoted;

        Ready(int core, StandbyProgram program, Execution run, Lease lease, Backing backing) {
            this.core = core;
            this.program = program;
            this.run = run;
            this.lease = lease;
            this.backing = backing;
        }

        int core() {
            return core;
        }

        StandbyProgram program() {
            return program;
        }

        Execution run() {
            return run;
        }

        Lease lease() {
            return lease;
        }

        Backing backing() {
            return backing;
        }

        void promoted(int incarnation) {
            promoted = incarnation;
        }
    }

    private final Monitor monitor;
    private final EventLog log;
    private final List<Core> cores;
    private final Supplier<IdleStrategy> idle;
    private final Map<String, Ready> ready = new HashMap<>();
    /** Where each sandbox's next standby goes; absent for a sandbox without the scheme. */
    private final Map<String, Integer> nextCore = new HashMap<>();

    Standbys(Monitor monitor, EventLog log, List<Core> cores, Supplier<IdleStrategy> idle, Iterable<Sandbox> sandboxes) {
        this.monitor = monitor;
        this.log = log;
        this.cores = cores;
        this.idle = idle;
        for (Sandbox s : sandboxes) {
            s.recovery().schemes().stream().filter(Standby.class::isInstance).map(Standby.class::cast).findFirst()
                    .ifPresent(st -> nextCore.put(s.name(), st.core()));
        }
    }

    /** Whether any sandbox has a standby scheme (if none, the supervisor never asks). */
    boolean any() {
        return !nextCore.isEmpty();
    }

    /** The core of {@code sandbox}'s ready standby, or -1 if none is ready. */
    int coreOf(String sandbox) {
        Ready r = ready.get(sandbox);
        return r == null ? -1 : r.core;
    }

    /** Whether a standby (ready, or the next one's reserved core) holds {@code core}: no migration may take it. */
    boolean holds(int core) {
        return ready.values().stream().anyMatch(r -> r.core == core) || nextCore.containsValue(core);
    }

    /** Takes {@code sandbox}'s ready standby for a failover from {@code failedCore}, where the next one will go. */
    Ready take(String sandbox, int failedCore) {
        Ready r = ready.remove(sandbox);
        if (r != null) {
            nextCore.put(sandbox, failedCore);
        }
        return r;
    }

    /** Builds every missing standby whose core is free and whose sandbox runs and has a zeroed spare backing. */
    void replenish() {
        for (var e : nextCore.entrySet()) {
            Sandbox s = monitor.sandbox(e.getKey());
            Core core = cores.get(e.getValue());
            if (ready.containsKey(s.name()) || s.state() != Sandbox.State.RUNNING || core.isFailed()
                    || s.core() == core || !s.isServing()) {
                continue;
            }
            Backing spare = s.takeSpare();
            if (spare != null) {
                build(s, core, spare);
            }
        }
    }

    private void build(Sandbox s, Core core, Backing spare) {
        Lease lease = new Lease(s.name() + "#standby");
        Partition partition = spare.map(lease.holder());
        StandbyProgram program = new StandbyProgram(s.checkpoints(), partition, monitor.clock());
        Ready[] self = new Ready[1];
        Execution run;
        try {
            run = core.load(lease.holder(), program, idle.get(), trap -> {
                int incarnation = self[0].promoted;
                if (incarnation > 0) {
                    monitor.trapsOf(s, incarnation).onTrap(trap);
                } // a standby that fails while it waits is just not there when needed: its scheme is refused
            });
        } catch (CoreFailedException failed) {
            partition.revoke();
            s.stockSpare(spare); // never written
            return;
        }
        self[0] = new Ready(core.id(), program, run, lease, spare);
        ready.put(s.name(), self[0]);
        run.start();
        log.record(nanos -> new MonitorEvent.StandbyReady(nanos, s.name(), core.id()));
    }

    /** Halts every standby still waiting and closes its mapping (the chip is closing). */
    void close() {
        for (Ready r : ready.values()) {
            r.run.halt();
            r.lease.revoke();
            r.program.partition().revoke();
        }
        ready.clear();
    }
}
