package dev.bulwark.monitor;

import dev.bulwark.hw.clock.NanoClock;
import dev.bulwark.hw.core.Core;
import dev.bulwark.hw.core.CoreFailedException;
import dev.bulwark.hw.memory.Backing;
import dev.bulwark.monitor.event.Detection;
import dev.bulwark.monitor.event.MonitorEvent;
import dev.bulwark.monitor.policy.ChipView;
import dev.bulwark.monitor.policy.Plan;
import dev.bulwark.monitor.policy.Step;
import dev.bulwark.monitor.policy.Supervisor;
import dev.bulwark.monitor.policy.Supervisors;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Carries out the supervisors' plans: the monitor's recovery, one {@link Step} after another, on the supervisor
 * thread. The failed member is already retired when its plan is asked for; the plan retires the others its
 * strategy takes down, may wait (backoff), launches each member as its scheme says, or stops them.
 *
 * <h2>Launches</h2>
 * Every launch takes the member's retired incarnation ({@link Sandbox.Retirement}) and decides where its backing
 * goes. {@link Step.Memory#FRESH}: the zeroed spare backing is mapped and the reaper recycles the old one once the
 * successor serves, off the critical path; with no spare ready, the old backing is unmapped and zeroed here.
 * {@link Step.Memory#STANDBY} is a failover: the sandbox moves to its warm standby's core and the standby's
 * kernel takes over ({@link Monitor#promote}). {@link Step.Memory#CHECKPOINT} takes a zeroed backing as FRESH does and the monitor restores the sandbox's last
 * committed checkpoint into it, rewinding its inbound channels so what it took since is replayed.
 * {@link Step.Memory#KEPT}: the old mapping is closed here (the zombie's access ends; the cost is recorded), the
 * app's check runs on the bytes, and only if it passes does the successor map them. A member whose core failed for
 * good is first moved to the plan's spare core.
 *
 * <h2>Refusals and waiting</h2>
 * A launch that cannot be carried out (the memory check failed, the core failed under it) goes back to the
 * supervisor, whose next plan replaces what was left of this one. A {@link Step.Delay} parks the rest of its plan
 * until a deadline the supervisor loop watches ({@link #runDue}); a newer plan that launches any of the same
 * members drops it.
 */
final class Recoveries {
    /** The rest of {@code plan}, from step {@code next}, due at {@code dueNanos}. */
    private record Waiting(long dueNanos, Supervisor supervisor, Plan plan, int next) {
        /** Whether the rest of the plan launches {@code member}. */
        boolean launches(String member) {
            return plan.steps().stream().skip(next).anyMatch(st -> st instanceof Step.Launch l && l.member().equals(member));
        }
    }

    private final Monitor monitor;
    private final Supervisors supervisors;
    private final Map<String, Sandbox> sandboxes;
    private final List<Core> cores;
    private final EventLog log;
    private final NanoClock clock;
    private final ChipView view = new View();
    private final List<Waiting> waiting = new ArrayList<>();

    Recoveries(Monitor monitor, Supervisors supervisors, Map<String, Sandbox> sandboxes, List<Core> cores, EventLog log,
               NanoClock clock) {
        this.monitor = monitor;
        this.supervisors = supervisors;
        this.sandboxes = sandboxes;
        this.cores = cores;
        this.log = log;
        this.clock = clock;
    }

    /** {@code s}'s incarnation failed at {@code detectedNanos} and was retired: plans its recovery and carries it out. */
    void failed(Sandbox s, long detectedNanos) {
        Supervisor supervisor = supervisors.ownerOf(s.name());
        start(supervisor, supervisor.onFailure(s.name(), detectedNanos, view));
    }

    /** Runs the rest of every plan whose delay is over at {@code now}. */
    void runDue(long now) {
        for (Iterator<Waiting> it = waiting.iterator(); it.hasNext(); ) {
            Waiting w = it.next();
            if (now - w.dueNanos() >= 0) {
                it.remove();
                run(w.supervisor(), w.plan(), w.next());
                return; // the plan may have changed the list: the next round looks again
            }
        }
    }

    /**
     * The sandboxes left recovering with no plan waiting to launch them: what a fault of the monitor in the middle
     * of a plan leaves behind, for the monitor to stop (their retired incarnations put to rest).
     */
    List<Sandbox> stranded() {
        List<Sandbox> stranded = new ArrayList<>();
        for (Sandbox s : sandboxes.values()) {
            if (s.state() == Sandbox.State.RECOVERING && waiting.stream().noneMatch(w -> w.launches(s.name()))) {
                Sandbox.Retirement r = s.takeRetirement();
                if (r != null) {
                    monitor.reaper().reap(s, r.incarnation(), r.logged());
                }
                stranded.add(s);
            }
        }
        return stranded;
    }

    /** The earliest deadline of a waiting plan, or {@code Long.MAX_VALUE} if none waits. */
    long nextDueNanos() {
        long earliest = Long.MAX_VALUE;
        for (Waiting w : waiting) {
            if (earliest == Long.MAX_VALUE || w.dueNanos() - earliest < 0) {
                earliest = w.dueNanos();
            }
        }
        return earliest;
    }

    private void start(Supervisor supervisor, Plan plan) {
        List<String> launched = plan.steps().stream()
                .filter(st -> st instanceof Step.Launch).map(st -> ((Step.Launch) st).member()).toList();
        waiting.removeIf(w -> launched.stream().anyMatch(w::launches));
        log.record(nanos -> new MonitorEvent.Planned(nanos, plan.member(), supervisor.name(), plan));
        run(supervisor, plan, 0);
    }

    private void run(Supervisor supervisor, Plan plan, int from) {
        List<Step> steps = plan.steps();
        for (int i = from; i < steps.size(); i++) {
            switch (steps.get(i)) {
                case Step.Retire r -> retire(sandbox(r.member()), plan);
                case Step.Delay d -> {
                    // The wait counts from the event's own stamp, so the launch is never earlier than it says.
                    long stamped = log.record(nanos -> new MonitorEvent.BackingOff(nanos, plan.member(), d.nanos())).nanos();
                    waiting.add(new Waiting(stamped + d.nanos(), supervisor, plan, i + 1));
                    return;
                }
                case Step.Launch l -> {
                    String refusal = launch(l);
                    if (refusal != null) {
                        log.record(nanos -> new MonitorEvent.Escalated(nanos, l.member(), l.scheme(), refusal));
                        start(supervisor, supervisor.onRefused(l.member(), plan, refusal, clock.nanoTime(), view));
                        return;
                    }
                }
                case Step.Stop st -> {
                    Sandbox s = sandbox(st.member());
                    Sandbox.Retirement r = s.takeRetirement();
                    if (r != null && s.checkpoints() != null) {
                        monitor.settle(s, r.incarnation().number(), null, false);
                    }
                    if (r != null) {
                        monitor.reaper().reap(s, r.incarnation(), r.logged());
                    }
                    monitor.stop(s, st.reason());
                }
            }
        }
    }

    /** A group-mate taken down with {@code plan.member()}: retired as a failed one is, its plan launches it later. */
    private void retire(Sandbox s, Plan plan) {
        if (s.state() != Sandbox.State.RUNNING) {
            return;
        }
        Incarnation inc = s.current();
        long logged = monitor.retire(s, inc, Sandbox.State.RECOVERING);
        s.retired(new Sandbox.Retirement(inc, logged));
        log.record(nanos -> new MonitorEvent.Retired(nanos, s.name(), inc.number(), plan.member(),
                "its group's strategy takes it down with " + plan.member()));
    }

    /** Carries out {@code l}; returns null, or why it could not (the sandbox is then as it was before). */
    private String launch(Step.Launch l) {
        Sandbox s = sandbox(l.member());
        Sandbox.Retirement r = s.retirement();
        Incarnation last = r.incarnation();
        int next = last.number() + 1;
        if (l.migrates()) {
            synchronized (s) {
                s.moveTo(cores.get(l.toCore()));
            }
            log.record(nanos -> new MonitorEvent.Migrated(nanos, s.name(), next, l.fromCore(), l.toCore()));
        }
        log.record(nanos -> new MonitorEvent.Recovering(nanos, s.name(), next, l.scheme(), l.toCore()));
        if (l.memory() == Step.Memory.STANDBY) {
            return failover(s, r, next);
        }
        boolean resumed = l.memory() == Step.Memory.CHECKPOINT;
        if (resumed && s.checkpoints() == null) {
            return "it takes no checkpoints to roll back to";
        }
        Backing spare = l.memory() == Step.Memory.FRESH || resumed ? s.takeSpare() : null;
        try {
            if (spare != null) {
                monitor.launch(s, next, spare, resumed).start();
                monitor.reaper().reapAndRecycle(s, last, r.logged());
            } else {
                long unmapNanos = last.unmap(clock);
                if (l.memory() == Step.Memory.KEPT) {
                    Optional<String> problem = s.memoryProblem(last.backing());
                    log.record(nanos -> new MonitorEvent.MemoryChecked(nanos, s.name(), last.number(), unmapNanos,
                            problem.orElse(null)));
                    if (problem.isPresent()) {
                        return "its memory check failed: " + problem.get();
                    }
                } else {
                    last.backing().zero();
                }
                monitor.launch(s, next, last.backing(), resumed).start();
                monitor.reaper().reap(s, last, r.logged());
            }
        } catch (CoreFailedException e) { // the core failed while the launch was under way
            if (spare != null) {
                s.stockSpare(spare); // never written: the kernel did not start
            }
            log.record(nanos -> new MonitorEvent.FaultDetected(nanos, s.name(), next, Detection.CORE_FAILURE,
                    "core " + s.core().id() + " failed while incarnation " + next + " was being launched"));
            return "core " + s.core().id() + " failed for good during the recovery (while incarnation " + next
                    + " was being launched)";
        }
        s.takeRetirement();
        return null;
    }

    /**
     * Fails {@code s} over to its ready warm standby as incarnation {@code next}: it moves to the standby's core, the
     * standby's kernel takes the channels and devices, and the failed incarnation's backing goes to the reaper to
     * become the spare the next standby is built on. Returns null, or why not (no standby is ready after all).
     */
    private String failover(Sandbox s, Sandbox.Retirement r, int next) {
        Standbys.Ready standby = monitor.standbys().take(s.name(), s.core().id());
        if (standby == null) {
            return "no warm standby is ready";
        }
        synchronized (s) {
            s.moveTo(cores.get(standby.core()));
        }
        monitor.promote(s, next, standby);
        monitor.reaper().reapAndRecycle(s, r.incarnation(), r.logged());
        s.takeRetirement();
        return null;
    }

    private Sandbox sandbox(String name) {
        return sandboxes.get(name);
    }

    /** The chip as the supervisors see it, read from the sandboxes and cores (supervisor thread). */
    private final class View implements ChipView {
        @Override
        public int coreOf(String member) {
            return sandbox(member).core().id();
        }

        @Override
        public boolean failedForGood(int core) {
            return cores.get(core).isFailed();
        }

        @Override
        public boolean inUse(int core) {
            if (monitor.standbys().holds(core)) {
                return true;
            }
            for (Sandbox s : sandboxes.values()) {
                if (s.core().id() == core && s.state() != Sandbox.State.STOPPED) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public int standbyCore(String member) {
            return monitor.standbys().coreOf(member);
        }

        @Override
        public boolean isLive(String member) {
            return sandbox(member).state() == Sandbox.State.RUNNING;
        }
    }
}
