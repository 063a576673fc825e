package dev.bulwark.cli.drill;

import dev.bulwark.apps.StandardApps;
import dev.bulwark.cli.config.ConfigLoader;
import dev.bulwark.drill.Drill;
import dev.bulwark.drill.DrillListener;
import dev.bulwark.drill.DrillPlan;
import dev.bulwark.drill.DrillReport;
import dev.bulwark.drill.DrillTimings;
import dev.bulwark.drill.FaultMix;
import dev.bulwark.drill.Injection;
import dev.bulwark.drill.Outcome;
import dev.bulwark.drill.PlannedFault;
import dev.bulwark.drill.Schedule;
import dev.bulwark.drill.SchemeVariant;
import dev.bulwark.hw.fault.FaultKind;
import dev.bulwark.monitor.Monitor;
import dev.bulwark.monitor.policy.Scheme;
import dev.bulwark.monitor.spec.SystemSpec;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The drill engine on a chip without workloads (the judge then follows the monitor's events alone): schedules
 * from seeds, and the outcome classes the monitor's own events decide (masked, recovered, state lost, stopped, no
 * verdict) plus the watchdog. The classes that need a workload's checker are in {@code DrillOutcomesTest}.
 */
class DrillEngineTest {
    /** A token ring of three and a counter, fast detection, a spare core. */
    static final String RING = """
            chip: {cores: 5, memory: 32MiB, spareCores: [4]}
            sandboxes:
              - {name: ring-0, core: 0, memory: 1MiB, app: token-ring, params: {next: ring-1, counter: counter, leader: "true"}}
              - {name: ring-1, core: 1, memory: 1MiB, app: token-ring, params: {next: ring-2, counter: counter}}
              - {name: ring-2, core: 2, memory: 1MiB, app: token-ring, params: {next: ring-0, counter: counter}}
              - {name: counter, core: 3, memory: 1MiB, app: counter}
            channels:
              - {from: ring-0, to: ring-1}
              - {from: ring-1, to: ring-2}
              - {from: ring-2, to: ring-0}
              - {from: ring-0, to: counter}
              - {from: ring-1, to: counter}
              - {from: ring-2, to: counter}
            detection: {heartbeatTimeout: 10ms, scrubPeriod: 1ms}
            recovery: {schemes: [microreboot, restart], maxRestarts: 1000, within: 1s}
            """;
    static final DrillTimings FAST = new DrillTimings(Duration.ofMillis(20), Duration.ofMillis(60), Duration.ofSeconds(5),
            Duration.ofMillis(2), Duration.ofSeconds(30));

    static SystemSpec spec(String yaml) throws Exception {
        return ConfigLoader.load("test.yaml", new StringReader(yaml), StandardApps.registry()).spec();
    }

    static DrillPlan plan(String yaml, FaultMix mix, int faults, long seed) throws Exception {
        return new DrillPlan("test", spec(yaml), yaml, List.of(SchemeVariant.AS_CONFIGURED), mix, faults, seed, FAST,
                monitor -> List.of());
    }

    static FaultMix only(FaultKind kind, String victim) {
        return FaultMix.of(List.of(kind), Set.of(victim));
    }

    @Test
    void theSameSeedDrawsTheSameScheduleOnEveryBoot() throws Exception {
        FaultMix mix = FaultMix.of(List.of(FaultKind.KERNEL_PANIC, FaultKind.HANG, FaultKind.BIT_FLIP,
                FaultKind.WILD_WRITE, FaultKind.CORE_FAIL_STOP), Set.of());
        List<List<PlannedFault>> schedules = new ArrayList<>();
        for (long seed : new long[] {7, 7, 8}) {
            try (Monitor monitor = Monitor.boot(spec(RING), StandardApps.registry())) {
                monitor.awaitBooted(5, TimeUnit.SECONDS);
                schedules.add(Schedule.draw(monitor, mix, 50, seed, 1_000_000));
            }
        }
        assertEquals(schedules.get(0), schedules.get(1), "seed 7 twice: the same kinds, targets, parameters, offsets");
        assertNotEquals(schedules.get(0), schedules.get(2), "seed 8 draws another schedule");
        assertEquals(5, schedules.getFirst().stream().map(PlannedFault::kind).distinct().count(), "every kind of the mix drawn");
    }

    @Test
    void aKindNoTargetTakesIsRefusedBeforeAnythingIsInjected() throws Exception {
        try (Monitor monitor = Monitor.boot(spec(RING), StandardApps.registry())) {
            monitor.awaitBooted(5, TimeUnit.SECONDS);
            var e = assertThrows(IllegalArgumentException.class, () -> Schedule.draw(monitor,
                    FaultMix.of(List.of(FaultKind.KERNEL_PANIC, FaultKind.MONITOR_FAULT), Set.of()), 10, 1, 0));
            assertTrue(e.getMessage().contains("monitor-fault"), e.getMessage());
        }
    }

    @Test
    void panicsAreStateLostUnderRestartAndRecoveredUnderMicroreboot() throws Exception {
        DrillPlan plan = plan(RING, only(FaultKind.KERNEL_PANIC, "counter"), 4, 3).withVariants(List.of(
                SchemeVariant.first(Scheme.RESTART, Set.of("counter")), SchemeVariant.first(Scheme.MICROREBOOT, Set.of("counter"))));
        DrillReport report = Drill.run(plan, StandardApps.registry(), DrillListener.NONE);
        assertNull(report.stuck());
        assertEquals(8, report.injections().size());
        for (Injection i : report.injections()) {
            if (i.fault().equals("app panic")) { // the kernel catches it and restarts the app in place, on its memory
                assertEquals(Outcome.RECOVERED, i.outcome(), i.toString());
                assertEquals("app exception", i.detection(), i.toString());
            } else {
                assertEquals(i.variant().equals("restart") ? Outcome.STATE_LOST : Outcome.RECOVERED, i.outcome(), i.toString());
                assertEquals("trap", i.detection(), i.toString());
            }
            assertTrue(i.detectNanos() >= 0 && i.recoverNanos() >= 0, i.toString());
        }
        assertTrue(report.injections().stream().anyMatch(i -> i.fault().equals("kernel panic")), "seed 3 draws kernel panics");
    }

    @Test
    void aKernelDataFlipIsFoundByTheScrubAndAnAppDataFlipInUnusedMemoryIsMasked() throws Exception {
        DrillReport report = Drill.run(plan(RING, only(FaultKind.BIT_FLIP, "ring-1"), 12, 5), StandardApps.registry(),
                DrillListener.NONE);
        assertNull(report.stuck());
        for (Injection i : report.injections()) {
            if (i.fault().contains("kernel data")) {
                assertTrue(i.outcome() == Outcome.RECOVERED || i.outcome() == Outcome.STATE_LOST, i.toString());
                assertEquals("checksum", i.detection(), i.toString());
            } else if (i.outcome() == Outcome.MASKED) {
                assertNull(i.detection(), i.toString());
                assertEquals(Injection.NONE, i.detectNanos());
            }
            assertNotEquals(Outcome.NO_VERDICT, i.outcome(), i.toString());
        }
        assertTrue(report.injections().stream().anyMatch(i -> i.outcome() == Outcome.MASKED),
                "1 MiB of app data, 40 bytes of it state: most flips land where nothing reads");
    }

    @Test
    void pastTheRestartIntensityTheVictimIsStoppedAndTheNextInjectionGetsAFreshChip() throws Exception {
        String yaml = RING.replace("recovery: {schemes: [microreboot, restart], maxRestarts: 1000, within: 1s}",
                "recovery: {schemes: [restart], maxRestarts: 1, within: 60m}");
        List<String> boots = new ArrayList<>();
        DrillReport report = Drill.run(plan(yaml, only(FaultKind.HANG, "ring-2"), 3, 1), StandardApps.registry(),
                new DrillListener() {
                    @Override
                    public void booted(int chip, String variant, String why) {
                        boots.add(why);
                    }
                });
        assertEquals(List.of(Outcome.STATE_LOST, Outcome.STOPPED, Outcome.STATE_LOST),
                report.injections().stream().map(Injection::outcome).toList());
        assertEquals(2, report.injections().get(2).chip(), "the third ran on a fresh chip");
        assertTrue(boots.get(1).contains("ring-2 is stopped"), boots.toString());
    }

    @Test
    void aCoreFailureMovesTheVictimToTheSpareAndTheNextNeedsAFreshChip() throws Exception {
        DrillReport report = Drill.run(plan(RING, only(FaultKind.CORE_FAIL_STOP, "counter"), 2, 1), StandardApps.registry(),
                DrillListener.NONE);
        assertEquals(2, report.injections().size());
        for (Injection i : report.injections()) {
            assertEquals("core failure", i.detection(), i.toString());
            assertTrue(i.outcome() == Outcome.RECOVERED || i.outcome() == Outcome.STATE_LOST, i.toString());
        }
        assertEquals(List.of(1, 2), report.injections().stream().map(Injection::chip).toList(), "one spare: a reboot between");
    }

    @Test
    void aRecoveryThatTakesLongerThanTheVerdictTimeoutIsNoVerdictSayingWhatItWaitedFor() throws Exception {
        String yaml = RING.replace("maxRestarts: 1000, within: 1s}", "maxRestarts: 1000, within: 1s, backoff: 3s..3s}");
        DrillPlan plan = plan(yaml, only(FaultKind.HANG, "counter"), 1, 1);
        plan = new DrillPlan(plan.name(), plan.spec(), plan.configText(), plan.variants(), plan.mix(), 1, 1,
                new DrillTimings(FAST.quiet(), FAST.maskWindow(), Duration.ofMillis(300), FAST.maxOffset(), FAST.watchdog()),
                plan.workloads());
        DrillReport report = Drill.run(plan, StandardApps.registry(), DrillListener.NONE);
        Injection i = report.injections().getFirst();
        assertEquals(Outcome.NO_VERDICT, i.outcome());
        assertTrue(i.reason().contains("counter to serve again"), i.reason());
    }

    @Test
    void theWatchdogEndsAStuckDrillWithWhatItWasWaitingFor() throws Exception {
        String yaml = RING.replace("maxRestarts: 1000, within: 1s}", "maxRestarts: 1000, within: 1s, backoff: 20s..20s}");
        DrillPlan plan = plan(yaml, only(FaultKind.HANG, "counter"), 3, 1);
        plan = new DrillPlan(plan.name(), plan.spec(), plan.configText(), plan.variants(), plan.mix(), 3, 1,
                new DrillTimings(FAST.quiet(), FAST.maskWindow(), Duration.ofSeconds(30), FAST.maxOffset(), Duration.ofSeconds(2)),
                plan.workloads());
        DrillReport report = Drill.run(plan, StandardApps.registry(), DrillListener.NONE);
        assertNotNull(report.stuck());
        assertTrue(report.stuck().contains("watchdog") && report.stuck().contains("counter to serve again"), report.stuck());
        assertTrue(report.injections().isEmpty(), "no verdict was reached");
    }
}
