package dev.bulwark.monitor;

import dev.bulwark.hw.clock.NanoClock;
import dev.bulwark.hw.core.BackoffIdleStrategy;
import dev.bulwark.hw.core.Core;
import dev.bulwark.hw.core.CoreFailedException;
import dev.bulwark.hw.core.Execution;
import dev.bulwark.hw.core.Lease;
import dev.bulwark.hw.memory.Backing;
import dev.bulwark.ipc.channel.Channel;
import dev.bulwark.monitor.event.MonitorEvent;
import dev.bulwark.monitor.event.MonitorFault;
import dev.bulwark.monitor.policy.Redundant;
import dev.bulwark.monitor.policy.RestartIntensity;
import dev.bulwark.monitor.replica.OutputMismatchException;
import dev.bulwark.monitor.replica.Redundancy;
import dev.bulwark.monitor.replica.ReplicaSet;
import dev.bulwark.monitor.replica.Replicator;
import dev.bulwark.monitor.spec.RecoverySpec;
import dev.bulwark.sandbox.replica.ReplicaLink;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The monitor's side of redundant execution: a {@link Replicator} per redundant sandbox, each run on a core of its
 * own outside the chip's, and what the monitor does with its copies.
 *
 * <ul>
 *   <li><b>Launch</b> ({@link #startOf}): what a copy's kernel is told ({@link ReplicaLink}). A launch while no
 *       copy of the generation lives (power-on is generation 1; after a divergence or when every copy failed, the
 *       chain's next scheme relaunches them all) begins the next generation; any other joins the one under way.</li>
 *   <li><b>Retirement</b> ({@link #retired}): the copy is neither fed nor counted in the vote.</li>
 *   <li><b>Rebuild</b> ({@link #rebuild}, the {@code redundant} scheme): a copy that failed by itself, while a good
 *       copy lives and the generation's log is whole, within the scheme's restart intensity: a fresh incarnation from
 *       the pristine image replays the log from its first entry (deterministic replay) and so reaches the good
 *       copies' state, memory and heap alike, while they serve on untouched (with two copies, the survivor
 *       alone); it votes once it has caught up.</li>
 * </ul>
 * A copy's outvote or the copies' divergence comes back as a trap of that copy ({@link OutputMismatchException}),
 * so the monitor's one path detects it ({@code OUTPUT_MISMATCH}) and recovers it.
 *
 * <p>Threading: the monitor's supervisor thread, except the replicators' listener calls (their own threads),
 * which only enqueue a trap or record an event; what the monitor reads of theirs is volatile ({@code diverged},
 * {@link Replicator#replayable()}).
 *
 * <p>Not done: a replicator that fails (a fault of the monitor's own) is recorded as a monitor fault, and its
 * sandbox's copies are left without inputs; a copy whose core fails for good is not moved by the rebuild (the
 * chain's next scheme moves and restarts every copy); what a diverged generation had logged but not yet answered
 * is lost with it, uncounted.
 */
final class Replication implements AutoCloseable {
    private enum CopyState { DOWN, PENDING, LIVE }

    /** The monitor thread's view of one redundant sandbox. */
    private final class CopySet {
        final ReplicaSet spec;
        final Redundant scheme;
        final Replicator replicator;
        final CopyState[] states;
        final RestartIntensity intensity;
        int generation = 1;
        long generationNanos;
        volatile boolean diverged;
        Execution run;

        CopySet(ReplicaSet spec, RecoverySpec recovery) {
            this.spec = spec;
            this.scheme = Redundancy.of(recovery).orElseThrow();
            this.states = new CopyState[spec.copies().size()];
            java.util.Arrays.fill(states, CopyState.PENDING);
            this.intensity = new RestartIntensity(recovery.maxRestarts(), recovery.within().toNanos());
            this.generationNanos = clock.nanoTime();
            Sandbox first = sandboxes.get(spec.copies().getFirst());
            this.replicator = new Replicator(spec.sandbox(), first.id(), channels(spec.inbound()), channels(spec.outbound()),
                    spec.copies(), channels(java.util.stream.IntStream.range(0, states.length).mapToObj(spec::logChannel).toList()),
                    channels(java.util.stream.IntStream.range(0, states.length).mapToObj(spec::linkChannel).toList()),
                    new Lease("replicator of " + spec.sandbox()), clock, new Reports(this), generationNanos);
        }

        boolean generationLive() {
            if (diverged) {
                return false;
            }
            for (CopyState s : states) {
                if (s != CopyState.DOWN) {
                    return true;
                }
            }
            return false;
        }
    }


    private final Monitor monitor;
    private final Map<String, Sandbox> sandboxes;
    private final Map<String, Channel> channelsByName = new HashMap<>();
    private final EventLog log;
    private final NanoClock clock;
    private final List<CopySet> sets = new ArrayList<>();
    private final Map<String, CopySet> byCopy = new HashMap<>();

    Replication(Monitor monitor, List<ReplicaSet> specs, Map<String, RecoverySpec> recoveries, Map<String, Sandbox> sandboxes,
                List<Channel> channels, EventLog log, NanoClock clock) {
        this.monitor = monitor;
        this.sandboxes = sandboxes;
        this.log = log;
        this.clock = clock;
        channels.forEach(c -> channelsByName.put(c.name(), c));
        for (ReplicaSet spec : specs) {
            CopySet set = new CopySet(spec, recoveries.get(spec.sandbox()));
            sets.add(set);
            spec.copies().forEach(c -> byCopy.put(c, set));
        }
    }

    private List<Channel> channels(List<String> names) {
        return names.stream().map(channelsByName::get).toList();
    }

    /** Starts every replicator, each on a core of the monitor's own (not one of the chip's: no fault reaches it). */
    void start() {
        int id = -1;
        for (CopySet set : sets) {
            Core core = new Core(id--, clock);
            set.run = core.load("replicator of " + set.spec.sandbox(), set.replicator, BackoffIdleStrategy.forSleepers(),
                    trap -> log.record(nanos -> new MonitorFault(nanos, "replicating " + set.spec.sandbox(),
                            Causes.describe(trap.cause()))));
            set.replicator.ringWith(set.run.doorbell()::ring);
            for (String name : set.spec.inbound()) {
                channelsByName.get(name).wakes(set.run.doorbell());
            }
            for (int i = 0; i < set.states.length; i++) {
                channelsByName.get(set.spec.linkChannel(i)).wakes(set.run.doorbell());
            }
            set.run.start();
        }
    }

    /** The redundant sandboxes, as the chip runs them. */
    List<ReplicaSet> sets() {
        return sets.stream().map(s -> s.spec).toList();
    }

    /**
     * What incarnation {@code number} of {@code s} starts with, if it is a copy (null otherwise); from here on the
     * replicator feeds it and counts its outputs. Called by the monitor's launch, before the kernel exists.
     */
    ReplicaLink startOf(Sandbox s, int number) {
        CopySet set = byCopy.get(s.name());
        if (set == null) {
            return null;
        }
        int copy = set.spec.indexOf(s.name());
        ReplicaSet spec = set.spec;
        List<Integer> slots = channels(spec.outbound()).stream().map(Channel::slotBytes).toList();
        List<String> receivers = channels(spec.outbound()).stream().map(Channel::to).toList();
        if (!set.generationLive()) {
            set.generation++;
            set.generationNanos = clock.nanoTime();
            set.diverged = false;
            java.util.Arrays.fill(set.states, CopyState.PENDING);
            set.replicator.reset(set.generation, set.generationNanos);
        }
        set.replicator.attach(copy, number);
        set.states[copy] = CopyState.LIVE;
        return new ReplicaLink(spec.sandbox(), set.generation, set.generationNanos, receivers, slots);
    }

    /** Copy {@code s} was retired (failed, taken down with its group, shut down) or its launch failed. */
    void retired(Sandbox s) {
        CopySet set = byCopy.get(s.name());
        if (set != null) {
            int copy = set.spec.indexOf(s.name());
            set.states[copy] = CopyState.DOWN;
            set.replicator.down(copy);
        }
    }

    /**
     * The {@code redundant} scheme: rebuilds copy {@code s}, retired as {@code r}, as a fresh incarnation that
     * replays the generation, and returns true; false (nothing done) if {@code s} is no copy, no good copy lives,
     * the copies diverged, the log no longer holds the whole generation, the scheme's intensity is exceeded, or the
     * launch failed: then the supervisor recovers the copies.
     */
    boolean rebuild(Sandbox s, Sandbox.Retirement r) {
        CopySet set = byCopy.get(s.name());
        if (set == null || set.diverged) {
            return false;
        }
        int copy = set.spec.indexOf(s.name());
        int good = -1;
        for (int i = 0; i < set.states.length && good < 0; i++) {
            if (i != copy && set.states[i] == CopyState.LIVE && sandboxes.get(set.spec.copies().get(i)).state() == Sandbox.State.RUNNING) {
                good = i;
            }
        }
        long start = clock.nanoTime();
        if (good < 0 || s.core().isFailed() || !set.replicator.replayable() || !set.intensity.tryRestart(start)) {
            return false;
        }
        Incarnation last = r.incarnation();
        int next = last.number() + 1;
        log.record(nanos -> new MonitorEvent.Recovering(nanos, s.name(), next, set.scheme, s.core().id()));
        Backing spare = s.takeSpare();
        try {
            if (spare != null) {
                monitor.launch(s, next, spare, false).start();
                monitor.reaper().reapAndRecycle(s, last, r.logged());
            } else { // no zeroed spare yet (a rebuild just before): zero the failed one's backing here
                last.unmap(clock);
                last.backing().zero();
                monitor.launch(s, next, last.backing(), false).start();
                monitor.reaper().reap(s, last, r.logged());
            }
        } catch (CoreFailedException e) {
            if (spare != null) {
                s.stockSpare(spare);
            }
            return false;
        }
        s.takeRetirement();
        int generation = set.generation;
        log.record(nanos -> new MonitorEvent.CopyRebuilt(nanos, s.name(), next, generation));
        return true;
    }

    /** Halts every replicator and waits for its thread (the chip is closing). */
    @Override
    public void close() {
        for (CopySet set : sets) {
            if (set.run != null) {
                set.run.halt();
            }
        }
        for (CopySet set : sets) {
            try {
                if (set.run != null) {
                    set.run.awaitExit(1_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A replicator's reports: traps of the copy concerned, for the monitor's one detection path. */
    private final class Reports implements Replicator.Listener {
        private final CopySet set;

        Reports(CopySet set) {
            this.set = set;
        }

        @Override
        public void outvoted(int copy, int incarnation, String cause) {
            monitor.detected(sandboxes.get(set.spec.copies().get(copy)), incarnation, new OutputMismatchException(cause));
        }

        @Override
        public void diverged(int copy, int incarnation, String cause) {
            set.diverged = true; // before the report: the monitor's rebuild then finds no good copy
            monitor.detected(sandboxes.get(set.spec.copies().get(copy)), incarnation, new OutputMismatchException(cause));
        }

        @Override
        public void finished(int generation, boolean success, String summary) {
            log.record(nanos -> new MonitorEvent.JobFinished(nanos, set.spec.sandbox(), generation, success, summary));
        }
    }
}
