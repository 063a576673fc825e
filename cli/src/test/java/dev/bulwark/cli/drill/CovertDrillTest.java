package dev.bulwark.cli.drill;

import dev.bulwark.apps.StandardApps;
import dev.bulwark.cli.config.ConfigLoader;
import dev.bulwark.drill.Drill;
import dev.bulwark.drill.DrillListener;
import dev.bulwark.drill.DrillPlan;
import dev.bulwark.drill.DrillReport;
import dev.bulwark.drill.VariantFigures;
import dev.bulwark.drill.workload.KvLoad;
import java.time.Duration;
import dev.bulwark.drill.Injection;
import dev.bulwark.drill.Outcome;
import dev.bulwark.drill.Scenario;
import dev.bulwark.drill.Scenarios;
import dev.bulwark.monitor.spec.SystemSpec;
import dev.bulwark.sandbox.app.AppRegistry;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The covert drill (redundant execution of a KV shard): bit flips into the shard run once, as two copies and as
 * three. With copies, no flip ever gives a client a wrong reply (no undetected corruption) or harms the front; with
 * three, every flip is masked: the vote keeps the odd copy's outputs in and the copy is rebuilt by replay.
 */
class CovertDrillTest {
    private static final int FAULTS = 16;

    private static DrillReport covert(long seed) throws Exception {
        AppRegistry apps = StandardApps.registry();
        Scenario covert = Scenarios.named("covert").orElseThrow();
        SystemSpec spec = ConfigLoader.load("covert.yaml", new StringReader(covert.configText()), apps).spec();
        DrillPlan base = covert.plan(spec, covert.mix(), FAULTS, seed);
        DrillPlan plan = base.withLoad(((KvLoad) base.load()).withTimes(Duration.ofMillis(200), Duration.ofMillis(300)));
        return Drill.run(plan, apps, DrillListener.NONE);
    }

    private static List<Injection> of(DrillReport r, String variant) {
        return r.injections().stream().filter(i -> i.variant().equals(variant)).toList();
    }

    @Test
    void withCopiesNoFlipReachesAClientAndWithThreeEveryFlipIsMasked() throws Exception {
        DrillReport r = covert(3);
        assertNull(r.stuck());
        assertEquals(3 * FAULTS, r.injections().size());
        for (Injection i : r.injections().stream().filter(i -> !i.variant().equals("none")).toList()) {
            // with one copy a flip that changes a reply no check sees is undetected corruption: what copies are for
            assertFalse(i.outcome() == Outcome.UNDETECTED_CORRUPTION || i.outcome() == Outcome.BYSTANDER_HARMED
                    || i.outcome() == Outcome.NO_VERDICT, i.toString());
        }
        for (Injection i : of(r, "TMR")) {
            assertEquals(Outcome.MASKED, i.outcome(), i.toString());
            assertTrue(i.victim().startsWith("kv-0."), "a TMR flip lands in a copy: " + i);
        }
        // only copies compare outputs (whether a flip changes one before the masking window ends is up to the client)
        assertTrue(of(r, "none").stream().noneMatch(i -> "output mismatch".equals(i.detection())));
        for (Injection i : of(r, "DMR")) { // a copy that failed alone is rebuilt; a mismatch restarts both
            assertTrue(i.outcome() == Outcome.MASKED || i.outcome() == Outcome.STATE_LOST && "restart".equals(i.scheme()), i.toString());
        }
        assertEquals(List.of("none", "DMR", "TMR"), r.figures().stream().map(VariantFigures::variant).toList());
        assertTrue(r.figures().stream().allMatch(f -> f.load().measured() > 0 && f.load().wrong() == 0), r.figures().toString());
    }
}
