package dev.bulwark.cli.drill;

import dev.bulwark.apps.StandardApps;
import dev.bulwark.cli.config.ConfigLoader;
import dev.bulwark.drill.Drill;
import dev.bulwark.drill.DrillListener;
import dev.bulwark.drill.DrillReport;
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
        SystemSpec spec = ConfigLoader.load(scenario.configResource(), new StringReader(scenario.configText()), apps).spec();
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
}
