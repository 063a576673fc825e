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
import dev.bulwark.drill.Scenario;
import dev.bulwark.drill.Scenarios;
import dev.bulwark.drill.SchemeVariant;
import dev.bulwark.drill.report.TableReport;
import dev.bulwark.drill.workload.Workloads;
import dev.bulwark.hw.fault.FaultKind;
import dev.bulwark.monitor.spec.SystemSpec;
import dev.bulwark.sandbox.app.AppRegistry;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outcome classes only a workload's checker can tell, each produced by a deliberately broken system beside its
 * working twin: a shard that forgets what its microreboot kept (undetected corruption: its client reads nil for
 * acknowledged writes while every recovery looked fine), and a supervision group that spans two workloads, so the
 * policy restarts a bystander (bystander harmed). And reproducibility: one seed, the same table twice.
 */
class DrillOutcomesTest {
    static DrillReport drill(String yaml, AppRegistry apps, FaultMix mix, int faults) throws Exception {
        SystemSpec spec = ConfigLoader.load("test.yaml", new StringReader(yaml), apps).spec();
        DrillPlan plan = new DrillPlan("test", spec, yaml, List.of(SchemeVariant.AS_CONFIGURED), mix, faults, 11,
                DrillTimings.forDetection(spec.detection(), mix), Workloads.standard());
        return Drill.run(plan, apps, DrillListener.NONE);
    }

    @Test
    void aShardThatForgetsWhatItsMicrorebootKeptIsUndetectedCorruptionAndTheRealShardIsRecovered() throws Exception {
        AppRegistry apps = DrillChips.registry(DrillWorkloadKvTest.AMNESIAC);
        FaultMix hangs = FaultMix.of(List.of(FaultKind.HANG), Set.of("kv-0", "kv-1"));
        String yaml = DrillWorkloadKvTest.YAML.replace("SCHEME", "microreboot").replace("backoff: 20ms..1s", "");

        DrillReport broken = drill(yaml.replace("SHARD", "kv-shard-amnesiac"), apps, hangs, 4);
        assertNull(broken.stuck());
        for (Injection i : broken.injections()) {
            assertEquals(Outcome.UNDETECTED_CORRUPTION, i.outcome(), i.toString());
            assertEquals("heartbeat timeout", i.detection(), i.toString());
            assertTrue(i.reason().contains("kv: GET drill-key-"), i.reason());
        }

        DrillReport working = drill(yaml.replace("SHARD", "kv-shard"), apps, hangs, 4);
        assertEquals(List.of(Outcome.RECOVERED, Outcome.RECOVERED, Outcome.RECOVERED, Outcome.RECOVERED),
                working.injections().stream().map(Injection::outcome).toList(), working.injections().toString());
    }

    /** A token ring beside a control loop; GROUP is where a test puts a supervision group. */
    static final String RING_AND_LOOP = """
            chip: {cores: 5, memory: 32MiB}
            devices:
              - {name: clock, kind: timer, period: 1ms}
            sandboxes:
              - {name: controller, core: 0, memory: 1MiB, app: controller, devices: [clock], params: {plant: plant, clock: clock}}
              - {name: plant, core: 1, memory: 1MiB, app: plant, params: {controller: controller}}
              - {name: ring-0, core: 2, memory: 1MiB, app: token-ring, params: {next: ring-1, leader: "true"}}
              - {name: ring-1, core: 3, memory: 1MiB, app: token-ring, params: {next: ring-2}}
              - {name: ring-2, core: 4, memory: 1MiB, app: token-ring, params: {next: ring-0}}
            channels:
              - {from: controller, to: plant, capacity: 64}
              - {from: plant, to: controller, capacity: 64}
              - {from: ring-0, to: ring-1}
              - {from: ring-1, to: ring-2}
              - {from: ring-2, to: ring-0}
            GROUP
            detection: {heartbeatTimeout: 20ms, scrubPeriod: 1ms}
            recovery: {schemes: [restart], maxRestarts: 1000, within: 1s}
            """;

    @Test
    void aGroupThatSpansTwoWorkloadsHarmsTheBystanderItRestartsAndAGroupWithinOneDoesNot() throws Exception {
        AppRegistry apps = StandardApps.registry();
        FaultMix hangs = FaultMix.of(List.of(FaultKind.HANG), Set.of("ring-1"));

        DrillReport spanning = drill(RING_AND_LOOP.replace("GROUP",
                "groups:\n  - {name: careless, members: [ring-1, controller], strategy: one_for_all}"), apps, hangs, 3);
        assertNull(spanning.stuck());
        for (Injection i : spanning.injections()) {
            assertEquals(Outcome.BYSTANDER_HARMED, i.outcome(), i.toString());
            assertTrue(i.reason().contains("controller was restarted"), i.reason());
        }

        DrillReport within = drill(RING_AND_LOOP.replace("GROUP",
                "groups:\n  - {name: ring, members: [ring-0, ring-1, ring-2], strategy: one_for_all}"), apps, hangs, 3);
        assertEquals(List.of(Outcome.STATE_LOST, Outcome.STATE_LOST, Outcome.STATE_LOST),
                within.injections().stream().map(Injection::outcome).toList(), within.injections().toString());
    }

    @Test
    void aScenarioRunTwiceWithOneSeedGivesTheSameScheduleAndTheSameTable() throws Exception {
        Scenario scenario = Scenarios.named("kernel-faults").orElseThrow();
        AppRegistry apps = StandardApps.registry();
        SystemSpec spec = ConfigLoader.load(scenario.configResource(), new StringReader(scenario.configText()), apps).spec();
        FaultMix mix = scenario.mix().only(List.of(FaultKind.KERNEL_PANIC, FaultKind.HANG, FaultKind.WILD_WRITE));
        DrillReport first = Drill.run(scenario.plan(spec, mix, 8, 42), apps, DrillListener.NONE);
        DrillReport second = Drill.run(scenario.plan(spec, mix, 8, 42), apps, DrillListener.NONE);
        assertEquals(16, first.injections().size());
        assertEquals(schedule(first), schedule(second), "kind, target, fault and offset of each injection");
        assertEquals(TableReport.outcomeLines(first), TableReport.outcomeLines(second));
        assertEquals(first.configSha256(), second.configSha256());
        DrillReport other = Drill.run(scenario.plan(spec, mix, 8, 43), apps, DrillListener.NONE);
        assertTrue(!schedule(other).equals(schedule(first)), "another seed, another schedule");
    }

    private static List<String> schedule(DrillReport report) {
        return report.injections().stream().map(i -> i.ordinal() + " " + i.variant() + " " + i.kind() + " " + i.target()
                + " " + i.fault() + " " + i.offsetNanos()).toList();
    }
}
