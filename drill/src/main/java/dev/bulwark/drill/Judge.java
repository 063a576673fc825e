package dev.bulwark.drill;

import dev.bulwark.drill.workload.Workload;
import dev.bulwark.hw.fault.Fault;
import dev.bulwark.hw.fault.FaultRefusedException;
import dev.bulwark.hw.fault.MemoryArea;
import dev.bulwark.ipc.channel.FrameCorrupter;
import dev.bulwark.monitor.EventLog;
import dev.bulwark.monitor.Monitor;
import dev.bulwark.monitor.replica.ReplicaSet;
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
 * Injects one planned fault into a settled chip ({@link #inject}), and later reaches its verdict ({@link #verdict}).
 *
 * <h2>How a verdict is reached</h2>
 * From the injection on, the judge follows the monitor's events ({@link Aftermath}) and polls (every
 * {@link Aftermath#POLL_NANOS}; no Awaitility, no sleeping past a deadline) until one of:
 * <ul>
 *   <li>the victim was stopped by its policy;</li>
 *   <li>nothing was detected for the masking window;</li>
 *   <li>the victim was detected, serves again (a new incarnation, or its app restarted in place), and each of the
 *       victim's workloads succeeded after that: the service is back, as its own clients see it;</li>
 *   <li>the verdict timeout passed: no verdict, with what it was still waiting for.</li>
 * </ul>
 * The drill then settles the chip before the next injection, and only then asks for the verdict: so what the
 * fault did after its service came back (a client reading a key the recovery lost, a bystander failing late, a
 * latent flip detected after the masking window) is still this injection's. The verdict reads the events and the
 * workloads' checkers up to that moment: a violation in a workload of the victim's is silent data corruption (a
 * reply no detection explains, or a state the scheme did not promise); a violation in any other workload, or any
 * other sandbox failing, restarted or stopped, is a harmed bystander, unless the victim's group restarted it by
 * policy and it serves the same workload as the victim (a group that spans workloads harms the others).
 *
 * <h2>Messages corrupted in transit</h2>
 * A message corruption into a channel is judged at its receiver (the victim): its port's checksum finds it and drops
 * the message ({@link dev.bulwark.monitor.event.MonitorEvent.MessageCorrupted}), and the receiver never stops
 * serving, so the service is back at once and the judge waits for the victim's workloads to succeed after the drop.
 * The sender's request is then never answered: its client sees an error or a timeout, which is no violation (the
 * reply is explained: a detected, dropped message) but is interruption, measured like any other. So a drop is
 * {@link Outcome#RECOVERED} (detected; the receiver's state never at risk) with a scheme of {@code message dropped}
 * and no recovery time, never {@link Outcome#MASKED}: it was detected, and a client saw it. The receiver failing or
 * being restarted after it is a harmed bystander (containment broke); a wrong reply a checker finds is silent
 * corruption. A corruption that no message took within the masking window never acted: it is taken back and the
 * injection has no verdict.
 *
 * <h2>Latent faults</h2>
 * A masked bit flip in app data may only be latent: the app has not read the byte yet. So that a later
 * injection is not blamed for it, the verdict flips the bit back if the byte still holds what the flip left (if
 * the app overwrote it meanwhile, the flip is gone anyway), the way a memory scrubber with ECC repairs a
 * single-bit error; the repair goes through the injector, so the event log shows it.
 *
 * <p>Threading: one drill thread; the workloads' queries are thread-safe ({@link Workload}).
 */
final class Judge {
    private final Monitor monitor;
    private final SystemSpec spec;
    private final List<Workload> workloads;
    private final DrillTimings timings;
    private final Consumer<String> activity;
    /** Per workload, how many of its violations the last verdict read: the next injection's start (none lost between). */
    private int[] read;

    /** {@code activity} is told what the judge waits for, for the watchdog's report. */
    Judge(Monitor monitor, SystemSpec spec, List<Workload> workloads, DrillTimings timings, Consumer<String> activity) {
        this.monitor = monitor;
        this.spec = spec;
        this.workloads = List.copyOf(workloads);
        this.timings = timings;
        this.activity = activity;
    }

    /** One injection followed up to its service coming back (or its stop, or a timeout), awaiting its verdict. */
    static final class Followed {
        final PlannedFault planned;
        final Aftermath aftermath;
        final List<Workload> victims;
        final int[] cursors;
        final long t0;
        String refused;     // why the injection was refused, or null
        String waitingFor;  // set when the follow timed out
        MemorySegment appMemory;
        byte flipped;

        Followed(PlannedFault planned, Aftermath aftermath, List<Workload> victims, int[] cursors, long t0) {
            this.planned = planned;
            this.aftermath = aftermath;
            this.victims = victims;
            this.cursors = cursors;
            this.t0 = t0;
        }
    }

    /** Injects {@code planned} now and follows it (bounded by the verdict timeout). */
    Followed inject(PlannedFault planned) throws InterruptedException {
        EventLog log = monitor.events();
        String victim = planned.target().victim();
        // a copy of a redundant sandbox serves that sandbox's workloads; its copies are its group
        var copies = monitor.redundant().stream().filter(r -> r.copies().contains(victim)).findFirst();
        String serves = copies.map(ReplicaSet::sandbox).orElse(victim);
        List<Workload> victims = workloads.stream().filter(w -> w.sandboxes().contains(serves)).toList();
        Set<String> group = new HashSet<>(spec.groupOf(victim).map(GroupSpec::members).orElse(List.of()));
        if (!workloads.isEmpty()) { // a group that spans workloads restarts bystanders: harm, whatever the policy says
            group.retainAll(victims.stream().flatMap(w -> w.sandboxes().stream()).collect(Collectors.toSet()));
        }
        Set<String> asVictim = copies.map(r -> Set.copyOf(r.copies())).orElse(Set.of(victim));
        group.addAll(asVictim);
        Aftermath aftermath = new Aftermath(victim, asVictim, group,
                planned.target() instanceof Target.Channel(String channel, String receiver) ? channel : null);
        int[] cursors = read != null ? read.clone() : workloads.stream().mapToInt(Workload::violations).toArray();
        MemorySegment appMemory = planned.fault() instanceof Fault.BitFlip(MemoryArea area, long offset, int bit)
                && area == MemoryArea.APP_DATA ? monitor.sandbox(victim).appMemory() : null;
        long cursor = log.size();
        long t0;
        try {
            t0 = monitor.injector().inject(planned.target().resolve(monitor), planned.fault()).nanos();
        } catch (FaultRefusedException | IllegalArgumentException refused) {
            Followed f = new Followed(planned, aftermath, victims, cursors, monitor.clock().nanoTime());
            f.refused = refused.getMessage();
            return f;
        }
        Followed f = new Followed(planned, aftermath, victims, cursors, t0);
        if (appMemory != null && planned.fault() instanceof Fault.BitFlip(var area, long offset, int bit)) {
            f.appMemory = appMemory;
            f.flipped = appMemory.get(ValueLayout.JAVA_BYTE, offset); // as the flip left it (it acts at once)
        }
        String[] waitingFor = {null};
        boolean done = aftermath.follow(log, cursor, () -> {
            if (aftermath.stopped() != null) {
                return true;
            }
            if (!aftermath.noticed()) {
                waitingFor[0] = "a detection of " + victim + " or the end of the masking window";
                return aftermath.notTaken() != null || monitor.clock().nanoTime() - t0 >= timings.maskWindow().toNanos();
            }
            if (aftermath.backAt() < 0) {
                waitingFor[0] = victim + " to serve again after " + aftermath.detection();
                activity.accept(waitingFor[0]);
                return false;
            }
            List<Workload> waiting = victims.stream().filter(w -> w.firstSuccessAfter(aftermath.backAt()) < 0).toList();
            waitingFor[0] = "a success of " + waiting.stream().map(Workload::name).toList() + " after " + victim
                    + " served again";
            activity.accept(waitingFor[0]);
            return waiting.isEmpty();
        }, timings.verdict().toNanos());
        if (!done) {
            f.waitingFor = waitingFor[0];
        }
        return f;
    }

    /**
     * The verdict on {@code f}, from the events and checkers up to now (the drill asks once the chip settled after
     * it, or before it reboots the chip); {@code variant}, {@code chip} and {@code drillStart} label it.
     */
    Injection verdict(Followed f, String variant, int chip, long drillStart) {
        PlannedFault planned = f.planned;
        Aftermath aftermath = f.aftermath;
        long at = f.t0 - drillStart;
        if (f.refused != null) { // its violations, if any, go to the next injection's verdict
            return result(f, variant, chip, at, Outcome.NO_VERDICT, Injection.NONE, "the injection was refused: " + f.refused);
        }
        try {
            aftermath.follow(monitor.events(), 0, () -> true, 0); // the events recorded since the follow ended
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // a zero wait does not park; keep the request for the drill's next wait
        }
        long now = monitor.clock().nanoTime();
        if (f.waitingFor != null) {
            return result(f, variant, chip, at, Outcome.NO_VERDICT, gap(f.victims, f.t0, now), "no verdict within "
                    + timings.verdict().toMillis() + " ms: waiting for " + f.waitingFor);
        }
        List<String> corrupt = new ArrayList<>();
        List<String> harm = new ArrayList<>(aftermath.harm());
        read = f.cursors.clone();
        for (int w = 0; w < workloads.size(); w++) {
            Workload workload = workloads.get(w);
            List<Workload.Violation> found = workload.violationsSince(f.cursors[w]);
            read[w] += found.size();
            for (Workload.Violation v : found) {
                (f.victims.contains(workload) ? corrupt : harm).add(workload.name() + ": " + v.what());
            }
        }
        long end = aftermath.backAt() >= 0 && !f.victims.isEmpty()
                ? f.victims.stream().mapToLong(wl -> wl.firstSuccessAfter(aftermath.backAt())).max().orElse(now)
                : now;
        long interrupt = gap(f.victims, f.t0, end >= f.t0 ? end : now);
        if (!harm.isEmpty()) {
            return result(f, variant, chip, at, Outcome.BYSTANDER_HARMED, interrupt, String.join("; ", harm));
        }
        if (!corrupt.isEmpty()) {
            return result(f, variant, chip, at, Outcome.UNDETECTED_CORRUPTION, interrupt, String.join("; ", corrupt));
        }
        if (aftermath.stopped() != null) {
            return result(f, variant, chip, at, Outcome.STOPPED, interrupt, aftermath.stopped().reason());
        }
        if (!aftermath.noticed() && planned.target() instanceof Target.Channel(String channel, String receiver)
                && planned.target().resolve(monitor) instanceof FrameCorrupter corrupter && corrupter.disarm() != null) {
            return result(f, variant, chip, at, Outcome.NO_VERDICT, interrupt, "no message crossed " + channel
                    + " within the masking window, so the corruption armed on it never acted (disarmed)");
        }
        if (!aftermath.noticed()) {
            if (f.appMemory != null && planned.fault() instanceof Fault.BitFlip(var area, long offset, int bit)
                    && f.appMemory.get(ValueLayout.JAVA_BYTE, offset) == f.flipped) {
                monitor.injector().inject(planned.target().resolve(monitor), planned.fault()); // the same flip undoes it
            }
            return result(f, variant, chip, at, Outcome.MASKED, interrupt, null);
        }
        if (aftermath.rebuiltFromAGoodCopy()) { // the vote kept the bad output in, the others served throughout
            return result(f, variant, chip, at, Outcome.MASKED, interrupt, "the faulty copy failed ("
                    + aftermath.detection() + ") and was rebuilt by replay while the others served");
        }
        if (aftermath.detected() == null || aftermath.stateKept()) { // an app restarted in place, a dropped message, keep memory
            return result(f, variant, chip, at, Outcome.RECOVERED, interrupt, null);
        }
        return result(f, variant, chip, at, Outcome.STATE_LOST, interrupt, aftermath.recovering() == null
                ? "recovered without a recovery step"
                : "recovered by " + aftermath.recovering().scheme().configName() + (aftermath.checked() != null
                && !aftermath.checked().kept() ? " after the memory check refused: " + aftermath.checked().problem() : ""));
    }

    /** The longest gap any of {@code workloads} saw over {@code [from, to]}; NONE if there are none. */
    private static long gap(List<Workload> workloads, long from, long to) {
        return workloads.isEmpty() ? Injection.NONE
                : workloads.stream().mapToLong(w -> w.longestGap(from, to)).max().orElse(Injection.NONE);
    }

    private static Injection result(Followed f, String variant, int chip, long at, Outcome outcome, long interrupt,
                                    String reason) {
        PlannedFault p = f.planned;
        Aftermath a = f.aftermath;
        long detectedAt = a.detectedAt();
        long backAt = a.backAt();
        return new Injection(p.ordinal(), variant, p.kind(), p.target().describe(), p.target().victim(),
                p.fault().describe(), p.offsetNanos(), at, chip, outcome, a.detection(),
                a.recovering() != null ? a.recovering().scheme().configName() : a.appRestarted() != null ? "app restart"
                        : a.corrupted() != null ? "message dropped" : null,
                detectedAt < 0 ? Injection.NONE : detectedAt - f.t0,
                detectedAt < 0 || backAt < 0 || a.corrupted() != null ? Injection.NONE : backAt - detectedAt, // a drop recovers nothing
                interrupt, reason);
    }
}
