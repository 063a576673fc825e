package dev.bulwark.drill;

import dev.bulwark.drill.workload.Workload;
import dev.bulwark.hw.fault.Fault;
import dev.bulwark.hw.fault.FaultInjected;
import dev.bulwark.hw.fault.FaultRefusedException;
import dev.bulwark.hw.fault.MemoryArea;
import dev.bulwark.monitor.EventLog;
import dev.bulwark.monitor.Monitor;
import dev.bulwark.monitor.spec.GroupSpec;
import dev.bulwark.monitor.spec.SystemSpec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Injects one planned fault into a settled chip and reaches its verdict.
 *
 * <h2>How a verdict is reached</h2>
 * From the injection on, the judge follows the monitor's events ({@link Aftermath}) and polls (every
 * {@link Aftermath#POLL_NANOS}; no Awaitility, no sleeping past a deadline) until one of:
 * <ul>
 *   <li>the victim was stopped by its policy;</li>
 *   <li>nothing was detected for the masking window;</li>
 *   <li>the victim was detected, serves again as a new incarnation, and each of the victim's workloads
 *       succeeded after that (the service is back, as its own clients see it);</li>
 *   <li>the verdict timeout passed: no verdict, with what it was still waiting for.</li>
 * </ul>
 * Then the workloads' checkers are read: a violation in a workload of the victim's is silent data corruption (a
 * reply no detection explains, or a state the scheme did not promise); a violation in any other workload, or
 * any other sandbox failing, restarted or stopped, is a harmed bystander, unless the victim's group restarted it
 * by policy and it serves the same workload as the victim (a group that spans workloads harms the others).
 *
 * <h2>Latent faults</h2>
 * A masked bit flip in app data may only be latent: the app has not read the byte yet. So that a later
 * injection is not blamed for it, the judge flips the bit back after a masked verdict if the byte still holds
 * what the flip left (if the app overwrote it meanwhile, the flip is gone anyway), the way a memory scrubber
 * with ECC repairs a single-bit error.
 *
 * <p>Threading: one drill thread; the workloads' queries are thread-safe ({@link Workload}).
 */
final class Judge {
    private final Monitor monitor;
    private final SystemSpec spec;
    private final List<Workload> workloads;
    private final DrillTimings timings;
    private final Consumer<String> activity;

    /** {@code activity} is told what the judge waits for, for the watchdog's report. */
    Judge(Monitor monitor, SystemSpec spec, List<Workload> workloads, DrillTimings timings, Consumer<String> activity) {
        this.monitor = monitor;
        this.spec = spec;
        this.workloads = List.copyOf(workloads);
        this.timings = timings;
        this.activity = activity;
    }

    /** Injects {@code planned} now and judges it; {@code variant}, {@code chip} and {@code drillStart} label the result. */
    Injection judge(PlannedFault planned, String variant, int chip, long drillStart) throws InterruptedException {
        EventLog log = monitor.events();
        String victim = planned.target().victim();
        List<Workload> victims = workloads.stream().filter(w -> w.sandboxes().contains(victim)).toList();
        Set<String> group = new HashSet<>(spec.groupOf(victim).map(GroupSpec::members).orElse(List.of()));
        if (!workloads.isEmpty()) { // a group that spans workloads restarts bystanders: harm, whatever the policy says
            group.retainAll(victims.stream().flatMap(w -> w.sandboxes().stream()).collect(Collectors.toSet()));
        }
        Aftermath aftermath = new Aftermath(victim, group);
        int[] cursors = workloads.stream().mapToInt(Workload::violations).toArray();
        byte[] flipped = new byte[1];
        MemorySegment appMemory = planned.fault() instanceof Fault.BitFlip(MemoryArea area, long offset, int bit)
                && area == MemoryArea.APP_DATA ? monitor.sandbox(victim).appMemory() : null;

        long cursor = log.size();
        FaultInjected injected;
        try {
            injected = monitor.injector().inject(planned.target().resolve(monitor), planned.fault());
        } catch (FaultRefusedException | IllegalArgumentException refused) {
            long now = monitor.clock().nanoTime();
            return result(planned, variant, chip, now - drillStart, Outcome.NO_VERDICT, aftermath, now, Injection.NONE,
                    "the injection was refused: " + refused.getMessage());
        }
        if (appMemory != null && planned.fault() instanceof Fault.BitFlip(var area, long offset, int bit)) {
            flipped[0] = appMemory.get(ValueLayout.JAVA_BYTE, offset); // as the flip left it (it acts at once)
        }
        long t0 = injected.nanos();
        activity.accept("the verdict on injection " + planned.ordinal() + " (" + planned.fault().describe() + " into "
                + planned.target().describe() + ")");
        String[] waitingFor = {null};
        boolean done = aftermath.follow(log, cursor, () -> {
            if (aftermath.stopped() != null) {
                return true;
            }
            if (aftermath.detected() == null && aftermath.appRestarted() == null) {
                waitingFor[0] = "a detection of " + victim + " or the end of the masking window";
                return aftermath.notTaken() != null || monitor.clock().nanoTime() - t0 >= timings.maskWindow().toNanos();
            }
            if (aftermath.backAt() < 0) {
                waitingFor[0] = victim + " to serve again after " + aftermath.detected().detection().describe();
                activity.accept(waitingFor[0]);
                return false;
            }
            List<Workload> waiting = victims.stream().filter(w -> w.firstSuccessAfter(aftermath.backAt()) < 0).toList();
            waitingFor[0] = "a success of " + waiting.stream().map(Workload::name).toList() + " after " + victim
                    + " served again";
            activity.accept(waitingFor[0]);
            return waiting.isEmpty();
        }, timings.verdict().toNanos());
        long now = monitor.clock().nanoTime();
        if (!done) {
            return result(planned, variant, chip, t0 - drillStart, Outcome.NO_VERDICT, aftermath, t0,
                    gap(victims, t0, now), "no verdict within " + timings.verdict().toMillis() + " ms: waiting for "
                            + waitingFor[0]);
        }
        aftermath.follow(log, cursor, () -> true, 0); // the events recorded up to the verdict

        List<String> corrupt = new ArrayList<>();
        List<String> harm = new ArrayList<>(aftermath.harm());
        for (int w = 0; w < workloads.size(); w++) {
            Workload workload = workloads.get(w);
            for (Workload.Violation v : workload.violationsSince(cursors[w])) {
                (victims.contains(workload) ? corrupt : harm).add(workload.name() + ": " + v.what());
            }
        }
        long end = aftermath.backAt() >= 0 && !victims.isEmpty()
                ? victims.stream().mapToLong(wl -> wl.firstSuccessAfter(aftermath.backAt())).max().orElse(now)
                : now;
        long interrupt = gap(victims, t0, Math.max(end, t0));
        Outcome outcome;
        String reason = null;
        if (!harm.isEmpty()) {
            outcome = Outcome.BYSTANDER_HARMED;
            reason = String.join("; ", harm);
        } else if (!corrupt.isEmpty()) {
            outcome = Outcome.UNDETECTED_CORRUPTION;
            reason = String.join("; ", corrupt);
        } else if (aftermath.stopped() != null) {
            outcome = Outcome.STOPPED;
            reason = aftermath.stopped().reason();
        } else if (aftermath.detected() == null && aftermath.appRestarted() == null) {
            outcome = Outcome.MASKED;
            if (appMemory != null && planned.fault() instanceof Fault.BitFlip(var area, long offset, int bit)
                    && appMemory.get(ValueLayout.JAVA_BYTE, offset) == flipped[0]) {
                monitor.injector().inject(planned.target().resolve(monitor), planned.fault()); // the same flip undoes it
            }
        } else if (aftermath.detected() == null || aftermath.stateKept()) { // an app restart in place keeps its memory
            outcome = Outcome.RECOVERED;
        } else {
            outcome = Outcome.STATE_LOST;
            reason = aftermath.recovering() == null ? "recovered without a recovery step"
                    : "recovered by " + aftermath.recovering().scheme().configName() + (aftermath.checked() != null
                    && !aftermath.checked().kept() ? " after the memory check refused: " + aftermath.checked().problem() : "");
        }
        return result(planned, variant, chip, t0 - drillStart, outcome, aftermath, t0, interrupt, reason);
    }

    /** The longest gap any of {@code workloads} saw over {@code [from, to]}; NONE if there are none. */
    private static long gap(List<Workload> workloads, long from, long to) {
        return workloads.isEmpty() ? Injection.NONE
                : workloads.stream().mapToLong(w -> w.longestGap(from, to)).max().orElse(Injection.NONE);
    }

    private static Injection result(PlannedFault p, String variant, int chip, long at, Outcome outcome, Aftermath a,
                                    long t0, long interrupt, String reason) {
        long detectedAt = a.detectedAt();
        long backAt = a.backAt();
        return new Injection(p.ordinal(), variant, p.kind(), p.target().describe(), p.target().victim(),
                p.fault().describe(), p.offsetNanos(), at, chip, outcome,
                a.detection(), a.recovering() == null ? (a.appRestarted() != null ? "app restart" : null)
                        : a.recovering().scheme().configName(),
                detectedAt < 0 ? Injection.NONE : detectedAt - t0,
                detectedAt < 0 || backAt < 0 ? Injection.NONE : backAt - detectedAt,
                interrupt, reason);
    }
}
