package dev.bulwark.monitor.policy;

import dev.bulwark.monitor.spec.ChipSpec;
import dev.bulwark.monitor.spec.DetectionSpec;
import dev.bulwark.monitor.spec.GroupSpec;
import dev.bulwark.monitor.spec.RecoverySpec;
import dev.bulwark.monitor.spec.SandboxSpec;
import dev.bulwark.monitor.spec.SystemSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SupervisorsTest {
    private static final RecoverySpec MICRO = new RecoverySpec(List.of(Scheme.MICROREBOOT, Scheme.RESTART), 2,
            Duration.ofSeconds(1), Backoff.NONE);

    private static SandboxSpec sandbox(String name, int core, RecoverySpec recovery) {
        return new SandboxSpec(name, core, 1 << 20, null, "echo", Map.of(), recovery);
    }

    private static final SystemSpec SPEC = new SystemSpec(
            new ChipSpec(8, 64 << 20, 4096).withSpareCores(List.of(6, 2)),
            List.of(sandbox("a", 0, null), sandbox("b", 1, null), sandbox("c", 3, MICRO), sandbox("d", 4, null)),
            List.of(), DetectionSpec.DEFAULT, RecoverySpec.DEFAULT)
            .withGroups(List.of(new GroupSpec("pair", List.of("b", "a"), Strategy.REST_FOR_ONE, MICRO)));

    @Test
    void aGroupSharesOneSupervisorAndEverySandboxInNoGroupHasOneOfItsOwn() {
        var supervisors = Supervisors.of(SPEC);
        var pair = supervisors.ownerOf("a");
        assertSame(pair, supervisors.ownerOf("b"));
        assertEquals("pair", pair.name());
        assertEquals(List.of("b", "a"), pair.members(), "the group's order is the start order");
        assertEquals(Strategy.REST_FOR_ONE, pair.strategy());
        assertEquals(MICRO.schemes(), pair.schemes());
        var c = supervisors.ownerOf("c");
        assertEquals(List.of("c"), c.members());
        assertEquals(Strategy.ONE_FOR_ONE, c.strategy());
        assertEquals(MICRO.schemes(), c.schemes(), "its own recovery");
        assertEquals(RecoverySpec.DEFAULT.schemes(), supervisors.ownerOf("d").schemes(), "the system's default");
        assertEquals(List.of("pair", "c", "d"), supervisors.all().stream().map(Supervisor::name).toList());
        assertThrows(IllegalArgumentException.class, () -> supervisors.ownerOf("zed"));
    }

    @Test
    void aMemberMovesToTheSpareCoresInConfigOrderThenToEveryOtherCore() {
        assertEquals(List.of(6, 2, 0, 1, 3, 4, 5, 7), Supervisors.spareOrder(SPEC.chip()));
        var d = Supervisors.of(SPEC).ownerOf("d");
        var chip = FakeChip.running("a", "b").run("c", 3).run("d", 4).down("d").fail(4).fail(6);
        assertEquals(List.of(new Step.Launch("d", 4, 2, Step.Memory.FRESH, Scheme.RESTART)), d.onFailure("d", 0, chip).steps());
    }

    @Test
    void aGroupNamingASandboxTwiceOrOneThatIsNotThereIsRefused() {
        var twice = SPEC.withGroups(List.of(new GroupSpec("x", List.of("a"), Strategy.ONE_FOR_ALL, null),
                new GroupSpec("y", List.of("a"), Strategy.ONE_FOR_ALL, null)));
        assertThrows(IllegalArgumentException.class, () -> Supervisors.of(twice));
        var ghost = SPEC.withGroups(List.of(new GroupSpec("x", List.of("a", "ghost"), Strategy.ONE_FOR_ALL, null)));
        assertThrows(IllegalArgumentException.class, () -> Supervisors.of(ghost));
    }
}
