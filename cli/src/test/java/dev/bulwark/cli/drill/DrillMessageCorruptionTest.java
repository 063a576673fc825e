package dev.bulwark.cli.drill;

import dev.bulwark.apps.StandardApps;
import dev.bulwark.cli.config.ConfigLoader;
import dev.bulwark.drill.Drill;
import dev.bulwark.drill.DrillListener;
import dev.bulwark.drill.DrillReport;
import dev.bulwark.drill.FaultMix;
import dev.bulwark.drill.Injection;
import dev.bulwark.drill.Outcome;
import dev.bulwark.drill.Scenario;
import dev.bulwark.drill.Scenarios;
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
 * Messages corrupted on their way to the KV shards: each is found by the shard's checksum and dropped, the shard keeps
 * serving, nobody else is touched, and the verdict says so (recovered by the drop, detected by checksum: not masked,
 * since it was detected and the front answered the lost request with an error).
 */
class DrillMessageCorruptionTest {
    @Test
    void aCorruptedRequestIsDetectedByTheShardsChecksumDroppedAndContainedUnderBothVariants() throws Exception {
        Scenario scenario = Scenarios.named("kernel-faults").orElseThrow();
        assertTrue(scenario.mix().weights().containsKey(FaultKind.MESSAGE_CORRUPTION), "the scenario draws it");
        AppRegistry apps = StandardApps.registry();
        // The scenario's detection as shipped, but slow enough that a loaded 2-CPU host does not fail the front's NIC
        // (50 ms without output) or a heartbeat (10 ms) while its client waits out a dropped request: this test is
        // about the drop, and any such failure would show as a harmed bystander.
        String config = scenario.configText().replace("heartbeatTimeout: 10ms", "heartbeatTimeout: 200ms")
                .replace("driverTimeout: 50ms", "driverTimeout: 5s");
        assertTrue(config.contains("driverTimeout: 5s") && config.contains("heartbeatTimeout: 200ms"), config);
        SystemSpec spec = ConfigLoader.load(scenario.configResource(), new StringReader(config), apps).spec();
        DrillReport report = Drill.run(scenario.plan(spec, scenario.mix().only(List.of(FaultKind.MESSAGE_CORRUPTION)), 3, 5),
                apps, DrillListener.NONE);
        assertNull(report.stuck());
        assertEquals(6, report.injections().size(), "three under each of the two variants");
        for (Injection i : report.injections()) {
            assertEquals(FaultKind.MESSAGE_CORRUPTION, i.kind());
            assertTrue(i.target().matches("channel front->kv-[012]"), i.target());
            assertEquals(i.target().substring("channel front->".length()), i.victim(), "judged at the receiver");
            assertEquals(Outcome.RECOVERED, i.outcome(), i.toString());
            assertEquals("checksum", i.detection(), i.toString());
            assertEquals("message dropped", i.scheme(), i.toString());
            assertTrue(i.detectNanos() >= 0, i.toString());
            assertEquals(Injection.NONE, i.recoverNanos(), "nothing to recover: the receiver never stopped");
            assertNull(i.reason(), i.toString());
        }
    }

    @Test
    void aCorruptionNoMessageTookWithinTheMaskingWindowIsTakenBackAndHasNoVerdictNotMasked() throws Exception {
        String quiet = """
                chip: {cores: 2, memory: 8MiB}
                sandboxes:
                  - {name: a, core: 0, memory: 1MiB, app: counter}
                  - {name: b, core: 1, memory: 1MiB, app: counter}
                channels:
                  - {from: a, to: b}
                """; // a counter sends nothing: no message ever crosses a->b
        DrillReport report = DrillOutcomesTest.drill(quiet, StandardApps.registry(),
                FaultMix.of(List.of(FaultKind.MESSAGE_CORRUPTION), Set.of()), 2);
        assertEquals(2, report.injections().size(), report.injections().toString());
        for (Injection i : report.injections()) {
            assertEquals("channel a->b", i.target());
            assertEquals(Outcome.NO_VERDICT, i.outcome(), i.toString());
            assertEquals("no message crossed a->b within the masking window, so the corruption armed on it never acted "
                    + "(disarmed)", i.reason());
        }
    }
}
