package dev.bulwark.monitor.policy;

import dev.bulwark.monitor.spec.RecoverySpec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The recovery policy of one group of sandboxes, as an Erlang/OTP supervisor holds it: the members in start
 * order, a {@link Strategy}, an escalation chain of {@link Scheme}s each with a {@link RestartIntensity} of its
 * own ({@code maxRestarts} within {@code within}), and a {@link Backoff}. Given a failure it returns a
 * {@link Plan}; the monitor carries the plan out. A sandbox in no group has a supervisor of its own, a group of
 * one ({@code one_for_one}).
 *
 * <h2>Planning</h2>
 * The failure of member {@code m} takes down the members {@code strategy.affected(members, m)}, less those
 * stopped for good. The first scheme of the chain is tried:
 * <ol>
 * <li>each affected member is revived by it, in start order, on cores of one {@link CoreChoice}; a refusal of
 * any refuses the scheme;</li>
 * <li>the scheme's intensity counts one restart (of the whole group, as in OTP); exceeding it refuses the
 * scheme, uncounted;</li>
 * <li>the plan: retire the affected members that are live, other than {@code m} (the monitor has retired it), in
 * reverse start order; wait the backoff of the n-th restart in the scheme's window, if any; launch the affected
 * members in start order.</li>
 * </ol>
 * A refused scheme escalates to the next; when the monitor cannot carry a launch out ({@link #onRefused}), the
 * next scheme after the plan's is tried the same way, for the same members (retiring those the failed plan had
 * already launched). After the last, the plan stops the affected members (retiring the live ones first), with a
 * reason naming what each scheme ran out of; they stay stopped, and later plans leave them out.
 *
 * <p>A plan is made at once; its steps are the monitor's to carry out, a {@link Step.Delay} at a deadline, never
 * by blocking. A failure in the group while an earlier plan waits on its delay gets a plan of its own, which
 * launches every member it takes down, live or not: a waiting plan that would launch one of those again is to be
 * dropped (under {@code rest_for_one}, a failure of an earlier member while a later one waits).
 *
 * <p>Not thread-safe: the monitor's supervisor thread only. Timestamps are that thread's nanoseconds.
 */
public final class Supervisor {
    private final String name;
    private final List<String> members;
    private final Strategy strategy;
    private final List<Scheme> schemes;
    private final List<RestartIntensity> intensities;
    private final Backoff backoff;
    private final List<Integer> spareOrder;
    private final Set<String> stopped = new HashSet<>();

    /**
     * A supervisor named {@code name} (its group's, or its lone sandbox's) of {@code members} in start order,
     * recovering them by {@code recovery}, moving a member whose core failed to the first free core of
     * {@code spareOrder}.
     */
    public Supervisor(String name, List<String> members, Strategy strategy, RecoverySpec recovery,
                      List<Integer> spareOrder) {
        this.name = name;
        this.members = List.copyOf(members);
        this.strategy = strategy;
        this.schemes = recovery.schemes();
        this.backoff = recovery.backoff();
        this.spareOrder = List.copyOf(spareOrder);
        if (this.members.isEmpty() || new HashSet<>(this.members).size() != this.members.size() || schemes.isEmpty()) {
            throw new IllegalArgumentException("a supervisor needs distinct members and a scheme: " + members + ", "
                    + schemes);
        }
        this.intensities = schemes.stream()
                .map(s -> new RestartIntensity(recovery.maxRestarts(), recovery.within().toNanos())).toList();
    }

    /** Its group's name, or its lone sandbox's. */
    public String name() {
        return name;
    }

    /** Its members, in start order. */
    public List<String> members() {
        return members;
    }

    public Strategy strategy() {
        return strategy;
    }

    /** The escalation chain, first tried first. */
    public List<Scheme> schemes() {
        return schemes;
    }

    /** Whether a plan of this supervisor stopped {@code member} for good. */
    public boolean isStopped(String member) {
        return stopped.contains(member);
    }

    /**
     * The plan for the failure of {@code member}, detected at {@code nowNanos}, already retired by the monitor.
     *
     * @throws IllegalArgumentException if {@code member} is not one of this supervisor's
     * @throws IllegalStateException    if it was stopped for good
     */
    public Plan onFailure(String member, long nowNanos, ChipView chip) {
        checkRunning(member);
        return planFrom(0, member, member, new ArrayList<>(), nowNanos, chip);
    }

    /**
     * The plan after the monitor could not carry out a launch of {@code member} in {@code failedPlan} (the
     * app's check failed under microreboot, the core failed during the recovery): the next scheme of the chain
     * after the failed plan's, for the members that plan was for; or, after the last, stop them. Members the
     * failed plan already launched are live, so the new plan retires them first.
     *
     * @param reason why the launch could not be carried out, in words for the stop reason
     */
    public Plan onRefused(String member, Plan failedPlan, String reason, long nowNanos, ChipView chip) {
        if (failedPlan.stops()) {
            throw new IllegalArgumentException("a plan that stops members launches nothing to refuse: " + failedPlan);
        }
        checkRunning(failedPlan.member());
        String who = member.equals(failedPlan.member()) ? "" : member + ": ";
        var reasons = new ArrayList<String>();
        reasons.add(failedPlan.scheme().configName() + " refused: " + who + reason);
        return planFrom(failedPlan.schemeIndex() + 1, failedPlan.member(), member, reasons, nowNanos, chip);
    }

    private void checkRunning(String member) {
        if (!members.contains(member)) {
            throw new IllegalArgumentException("'%s' is not supervised by %s (members: %s)".formatted(member, name, members));
        }
        if (stopped.contains(member)) {
            throw new IllegalStateException("'" + member + "' was stopped for good: it cannot fail again");
        }
    }

    /**
     * Tries the chain from scheme {@code first} on, for the failure of {@code failed}; {@code down}: the member
     * the monitor has just retired or could not launch, never retired again; {@code reasons}: why the schemes
     * before were refused.
     */
    private Plan planFrom(int first, String failed, String down, List<String> reasons, long now, ChipView chip) {
        List<String> affected = strategy.affected(members, failed).stream().filter(m -> !stopped.contains(m)).toList();
        for (int i = first; i < schemes.size(); i++) {
            Scheme scheme = schemes.get(i);
            RestartIntensity intensity = intensities.get(i);
            switch (reviveAll(scheme, affected, failed, chip)) {
                case Attempt.Refused r -> reasons.add(scheme.configName() + " refused: " + r.reason());
                case Attempt.Steps launches -> {
                    if (!intensity.tryRestart(now)) {
                        reasons.add(scheme.configName() + " intensity exceeded: " + intensity.limit());
                        continue;
                    }
                    var steps = retirements(affected, down, chip);
                    long delay = backoff.delayNanos(intensity.counted());
                    if (delay > 0) {
                        steps.add(new Step.Delay(delay));
                    }
                    steps.addAll(launches.steps());
                    return new Plan(failed, i, scheme, steps);
                }
            }
        }
        return stop(failed, down, affected, "no recovery scheme left: " + String.join("; ", reasons), chip);
    }

    /** {@code scheme}'s steps for every member of {@code affected}, on the cores of one choice, or its first refusal. */
    private Attempt reviveAll(Scheme scheme, List<String> affected, String failed, ChipView chip) {
        var cores = new CoreChoice(chip, spareOrder, affected);
        var steps = new ArrayList<Step>();
        for (String m : affected) {
            switch (scheme.revive(m, cores)) {
                case Attempt.Steps s -> steps.addAll(s.steps());
                case Attempt.Refused r -> {
                    return new Attempt.Refused((m.equals(failed) ? "" : m + ": ") + r.reason());
                }
            }
        }
        return new Attempt.Steps(steps);
    }

    /** Retirements of the live members of {@code affected} but {@code down}, in reverse start order. */
    private static List<Step> retirements(List<String> affected, String down, ChipView chip) {
        var steps = new ArrayList<Step>();
        for (String m : affected.reversed()) {
            if (!m.equals(down) && chip.isLive(m)) {
                steps.add(new Step.Retire(m));
            }
        }
        return steps;
    }

    private Plan stop(String failed, String down, List<String> affected, String reason, ChipView chip) {
        var steps = retirements(affected, down, chip);
        for (String m : affected) {
            steps.add(new Step.Stop(m, m.equals(failed) ? reason
                    : "stopped with %s (%s group %s): %s".formatted(failed, strategy.configName(), name, reason)));
        }
        stopped.addAll(affected);
        return new Plan(failed, schemes.size(), null, steps);
    }

    @Override
    public String toString() {
        return "supervisor %s (%s) of %s: %s".formatted(name, strategy.configName(), members, schemes);
    }
}
