package dev.bulwark.monitor.policy;

import dev.bulwark.monitor.policy.Step.Launch;
import dev.bulwark.monitor.policy.Step.Memory;
import dev.bulwark.monitor.policy.Step.Retire;
import dev.bulwark.monitor.policy.Step.Stop;
import dev.bulwark.monitor.spec.RecoverySpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.bulwark.monitor.policy.Scheme.MICROREBOOT;
import static dev.bulwark.monitor.policy.Scheme.RESTART;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SupervisorTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long MS = 1_000_000L;
    /** An 8-core chip with {@code spareCores: [6, 7]}: the spares in config order, then every other core. */
    private static final List<Integer> SPARE_ORDER = List.of(6, 7, 0, 1, 2, 3, 4, 5);

    private static RecoverySpec chain(int maxRestarts, Scheme... schemes) {
        return new RecoverySpec(List.of(schemes), maxRestarts, Duration.ofSeconds(10), Backoff.NONE);
    }

    private static Supervisor supervisor(Strategy strategy, RecoverySpec recovery, String... members) {
        return new Supervisor("g", List.of(members), strategy, recovery, SPARE_ORDER);
    }

    private static Launch restart(String member, int core) {
        return new Launch(member, core, core, Memory.FRESH, RESTART);
    }

    @Test
    void restartLaunchesAFreshKernelOnTheMembersOwnCore() {
        var plan = supervisor(Strategy.ONE_FOR_ONE, chain(3, RESTART), "a").onFailure("a", 0, FakeChip.running("a").down("a"));
        assertEquals(new Plan("a", 0, RESTART, List.of(restart("a", 0))), plan);
        assertFalse(plan.stops());
        assertEquals("plan for a: restart (scheme 1 of the chain): launch a by restart on core 0, memory fresh", plan.toString());
    }

    @Test
    void microrebootLaunchesOnTheMembersOwnCoreWithTheAppsMemoryKept() {
        var plan = supervisor(Strategy.ONE_FOR_ONE, chain(3, MICROREBOOT, RESTART), "a", "b")
                .onFailure("b", 0, FakeChip.running("a", "b").down("b"));
        assertEquals(List.of(new Launch("b", 1, 1, Memory.KEPT, MICROREBOOT)), plan.steps());
        assertEquals(MICROREBOOT, plan.scheme());
    }

    @Test
    void oneForOneTakesDownOnlyTheFailedMember() {
        var plan = supervisor(Strategy.ONE_FOR_ONE, chain(3, RESTART), "a", "b", "c")
                .onFailure("b", 0, FakeChip.running("a", "b", "c").down("b"));
        assertEquals(List.of(restart("b", 1)), plan.steps());
    }

    @Test
    void oneForAllRetiresTheOthersInReverseStartOrderThenLaunchesEveryMemberInStartOrder() {
        var g = supervisor(Strategy.ONE_FOR_ALL, chain(3, RESTART), "a", "b", "c", "d");
        var chip = FakeChip.running("a", "b", "c", "d").down("c").down("d"); // d is down too: no retirement of it
        assertEquals(List.of(new Retire("b"), new Retire("a"), restart("a", 0), restart("b", 1), restart("c", 2),
                restart("d", 3)), g.onFailure("c", 0, chip).steps());
    }

    @Test
    void restForOneTakesDownTheFailedMemberAndThoseStartedAfterIt() {
        var g = supervisor(Strategy.REST_FOR_ONE, chain(3, RESTART), "a", "b", "c", "d");
        assertEquals(List.of(new Retire("d"), new Retire("c"), restart("b", 1), restart("c", 2), restart("d", 3)),
                g.onFailure("b", 0, FakeChip.running("a", "b", "c", "d").down("b")).steps());
        assertEquals(List.of(restart("d", 3)), g.onFailure("d", SECOND, FakeChip.running("a", "b", "c", "d").down("d")).steps(),
                "nobody starts after the last");
    }

    @Test
    void exceedingASchemesIntensityEscalatesToTheNextAndAfterTheLastStopsNamingWhatRanOut() {
        var g = supervisor(Strategy.ONE_FOR_ONE, chain(2, MICROREBOOT, RESTART), "a");
        var chip = FakeChip.running("a").down("a");
        assertEquals(MICROREBOOT, g.onFailure("a", 0, chip).scheme());
        assertEquals(MICROREBOOT, g.onFailure("a", SECOND, chip).scheme());
        var third = g.onFailure("a", 2 * SECOND, chip);
        assertEquals(new Plan("a", 1, RESTART, List.of(restart("a", 0))), third, "microreboot's 2 in 10 s are spent");
        assertEquals(RESTART, g.onFailure("a", 3 * SECOND, chip).scheme());
        var fifth = g.onFailure("a", 4 * SECOND, chip);
        String reason = "no recovery scheme left: microreboot intensity exceeded: more than 2 restarts within 10s; "
                + "restart intensity exceeded: more than 2 restarts within 10s";
        assertEquals(new Plan("a", 2, null, List.of(new Stop("a", reason))), fifth);
        assertTrue(fifth.stops());
        assertTrue(g.isStopped("a"));
        assertThrows(IllegalStateException.class, () -> g.onFailure("a", 5 * SECOND, chip));
    }

    @Test
    void eachSchemeCountsInAWindowOfItsOwnThatARestartLeavesExactlyOneWindowLater() {
        // microreboot at most 1 in 10 s, then restart at most 1 in 10 s: restarts at 0 s (microreboot), 5 s (restart).
        var chip = FakeChip.running("a").down("a");
        var spent = supervisor(Strategy.ONE_FOR_ONE, chain(1, MICROREBOOT, RESTART), "a");
        spent.onFailure("a", 0, chip);
        assertEquals(RESTART, spent.onFailure("a", 5 * SECOND, chip).scheme());
        assertEquals(MICROREBOOT, spent.onFailure("a", 10 * SECOND, chip).scheme(), "0 s has just left microreboot's window");
        assertTrue(spent.onFailure("a", 15 * SECOND - 1, chip).stops(), "10 s and 5 s are both still inside their windows");

        var later = supervisor(Strategy.ONE_FOR_ONE, chain(1, MICROREBOOT, RESTART), "a");
        later.onFailure("a", 0, chip);
        later.onFailure("a", 5 * SECOND, chip);
        later.onFailure("a", 10 * SECOND, chip);
        assertEquals(RESTART, later.onFailure("a", 15 * SECOND, chip).scheme(), "5 s has just left restart's window");
    }

    @Test
    void aMemberWhoseCoreFailedForGoodMovesToTheFirstFreeSpareInConfigOrder() {
        var g = new Supervisor("g", List.of("a", "b"), Strategy.ONE_FOR_ONE, chain(3, RESTART), List.of(7, 6, 2, 3));
        var chip = FakeChip.running("a", "b").down("b").fail(1);
        var plan = g.onFailure("b", 0, chip);
        var launch = new Launch("b", 1, 7, Memory.FRESH, RESTART);
        assertEquals(List.of(launch), plan.steps(), "7 comes first in spareCores though 6 is lower");
        assertTrue(launch.migrates());
        assertEquals("plan for b: restart (scheme 1 of the chain): launch b by restart on core 7 (moved from core 1), "
                + "memory fresh", plan.toString());
        assertEquals(List.of(new Launch("b", 1, 6, Memory.FRESH, RESTART)), g.onFailure("b", 1, chip.held(7)).steps(),
                "7 is held by a sandbox");
        assertEquals(List.of(new Launch("b", 1, 3, Memory.FRESH, RESTART)),
                g.onFailure("b", 2, chip.fail(6).held(2)).steps(), "6 failed, 2 is held: the next core nobody uses");
    }

    @Test
    void withNoSpareLeftEachSchemeIsRefusedInTurnThenTheMemberStops() {
        var g = new Supervisor("g", List.of("a", "b"), Strategy.ONE_FOR_ONE, chain(3, MICROREBOOT, RESTART), List.of(2));
        var plan = g.onFailure("b", 0, FakeChip.running("a", "b").down("b").fail(1).held(2));
        assertEquals(List.of(new Stop("b", "no recovery scheme left: microreboot refused: core 1 failed for good and no "
                + "spare core is left; restart refused: core 1 failed for good and no spare core is left")), plan.steps());
    }

    @Test
    void aRefusedSchemeCountsNoRestartInItsIntensity() {
        var g = new Supervisor("g", List.of("a", "b"), Strategy.ONE_FOR_ONE, chain(1, MICROREBOOT, RESTART), List.of(2));
        var chip = FakeChip.running("a", "b").down("a").fail(0).held(2);
        assertTrue(g.onFailure("a", 0, chip).stops(), "no core for a under either scheme");
        assertEquals(List.of(new Launch("b", 1, 1, Memory.KEPT, MICROREBOOT)), g.onFailure("b", SECOND, chip.down("b")).steps(),
                "the supervisor's one microreboot in 10 s is still there for b");
    }

    @Test
    void groupMembersWhoseCoresFailedTakeTheSparesInTurnAndOneLeftWithoutRefusesTheScheme() {
        var g = new Supervisor("g", List.of("a", "b", "c"), Strategy.ONE_FOR_ALL, chain(3, RESTART), List.of(6, 7));
        var chip = FakeChip.running("a", "b", "c").down("a").fail(0).fail(2);
        assertEquals(List.of(new Retire("c"), new Retire("b"), new Launch("a", 0, 6, Memory.FRESH, RESTART), restart("b", 1),
                new Launch("c", 2, 7, Memory.FRESH, RESTART)), g.onFailure("a", 0, chip).steps());

        var one = new Supervisor("g", List.of("a", "b", "c"), Strategy.ONE_FOR_ALL, chain(3, RESTART), List.of(6));
        var stop = one.onFailure("a", 0, chip);
        String reason = "no recovery scheme left: restart refused: c: core 2 failed for good and no spare core is left";
        assertEquals(List.of(new Retire("c"), new Retire("b"), new Stop("a", reason),
                new Stop("b", "stopped with a (one_for_all group g): " + reason),
                new Stop("c", "stopped with a (one_for_all group g): " + reason)), stop.steps());
    }

    @Test
    void aMovingMemberNeverTakesTheCoreAGroupMateIsAboutToBeLaunchedOnAgain() {
        var g = new Supervisor("g", List.of("a", "b"), Strategy.ONE_FOR_ALL, chain(3, RESTART), List.of(1, 2));
        var chip = FakeChip.running("a", "b").down("a").fail(0).release("b"); // b's core looks free in this view
        assertEquals(List.of(new Launch("a", 0, 2, Memory.FRESH, RESTART), restart("b", 1)), g.onFailure("a", 0, chip).steps());
    }

    @Test
    void aLaunchTheMonitorCouldNotCarryOutEscalatesToTheNextSchemeAndAfterTheLastStops() {
        var g = supervisor(Strategy.ONE_FOR_ONE, chain(3, MICROREBOOT, RESTART), "a");
        var chip = FakeChip.running("a").down("a");
        var micro = g.onFailure("a", 0, chip);
        var restart = g.onRefused("a", micro, "the app's check failed: total 41 != 42", MS, chip);
        assertEquals(new Plan("a", 1, RESTART, List.of(restart("a", 0))), restart);
        var stop = g.onRefused("a", restart, "core 0 failed during the recovery", 2 * MS, chip);
        assertEquals(List.of(new Stop("a", "no recovery scheme left: restart refused: core 0 failed during the recovery")),
                stop.steps());
        assertEquals(2, stop.schemeIndex());
        assertNull(stop.scheme());
        assertThrows(IllegalArgumentException.class, () -> g.onRefused("a", stop, "no", 3 * MS, chip));
    }

    @Test
    void aRefusalInAGroupRetiresTheMembersTheFailedPlanHadAlreadyLaunched() {
        var g = supervisor(Strategy.ONE_FOR_ALL, chain(3, MICROREBOOT, RESTART), "a", "b", "c");
        var failed = g.onFailure("b", 0, FakeChip.running("a", "b", "c").down("b"));
        // The monitor retired c and a, launched a and b again, then c's check failed.
        var chip = FakeChip.running("a", "b", "c").down("c");
        var next = g.onRefused("c", failed, "the app's check failed", MS, chip);
        assertEquals(new Plan("b", 1, RESTART, List.of(new Retire("b"), new Retire("a"), restart("a", 0), restart("b", 1),
                restart("c", 2))), next);
    }

    @Test
    void whenTheChainRunsOutTheStrategySaysWhoStopsAndTheyStayStopped() {
        var all = supervisor(Strategy.ONE_FOR_ALL, chain(0, RESTART), "a", "b", "c");
        var stop = all.onFailure("b", 0, FakeChip.running("a", "b", "c").down("b"));
        assertEquals(List.of("retire c", "retire a", "stop a", "stop b", "stop c"), kinds(stop));
        assertTrue(all.isStopped("a") && all.isStopped("b") && all.isStopped("c"));

        var rest = supervisor(Strategy.REST_FOR_ONE, chain(1, RESTART), "a", "b", "c");
        var chip = FakeChip.running("a", "b", "c");
        rest.onFailure("b", 0, chip.down("b"));
        assertEquals(List.of("retire c", "stop b", "stop c"), kinds(rest.onFailure("b", SECOND, chip.run("b", 1).down("b"))));
        assertFalse(rest.isStopped("a"));
        assertEquals(List.of(restart("a", 0)), rest.onFailure("a", 10 * SECOND, chip.down("a")).steps(),
                "b and c stay stopped: a alone comes back");
        assertThrows(IllegalStateException.class, () -> rest.onFailure("c", 11 * SECOND, chip));
    }

    /** Each step's first words: {@code stop b}, {@code retire c}. */
    private static List<String> kinds(Plan plan) {
        return plan.steps().stream().map(s -> s.toString().replaceAll(" \\(.*", "")).toList();
    }

    @Test
    void backoffDoublesWithEachRestartInTheSchemesWindowUpToItsMaxAndStartsAgainOnceTheWindowEmpties() {
        var recovery = new RecoverySpec(List.of(RESTART), 10, Duration.ofSeconds(10),
                new Backoff(Duration.ofMillis(10), Duration.ofMillis(35)));
        var g = supervisor(Strategy.ONE_FOR_ALL, recovery, "a", "b");
        var chip = FakeChip.running("a", "b").down("a");
        assertEquals(List.of(new Retire("b"), new Step.Delay(10 * MS), restart("a", 0), restart("b", 1)),
                g.onFailure("a", 0, chip).steps(), "the delay comes after the retirements, before the launches");
        assertEquals(new Step.Delay(20 * MS), g.onFailure("a", SECOND, chip).steps().get(1));
        assertEquals(new Step.Delay(35 * MS), g.onFailure("a", 2 * SECOND, chip).steps().get(1), "40 ms, capped");
        assertEquals(new Step.Delay(35 * MS), g.onFailure("a", 3 * SECOND, chip).steps().get(1));
        assertEquals(new Step.Delay(10 * MS), g.onFailure("a", 14 * SECOND, chip).steps().get(1),
                "0 s to 3 s have left the window: the first restart in it again");
    }

    @Test
    void aFailureOfSomeoneElsesMemberIsAProgrammingError() {
        var g = supervisor(Strategy.ONE_FOR_ONE, chain(3, RESTART), "a");
        assertThrows(IllegalArgumentException.class, () -> g.onFailure("zed", 0, FakeChip.running("a")));
    }
}
