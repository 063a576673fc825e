package dev.bulwark.monitor.policy;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SchemeTest {
    @Test
    void schemesAndStrategiesAreFoundByTheNamesAConfigWrites() {
        assertEquals(Optional.of(Scheme.RESTART), Scheme.named("restart"));
        assertEquals(Optional.of(Scheme.MICROREBOOT), Scheme.named("microreboot"));
        assertEquals(Optional.empty(), Scheme.named("Restart"));
        assertEquals(Optional.empty(), Scheme.named("rollback")); // its settings come from its block
        assertEquals("restart, microreboot, rollback, standby, redundant", Scheme.knownNames());
        assertEquals(Optional.of(Strategy.REST_FOR_ONE), Strategy.named("rest_for_one"));
        assertEquals(Optional.empty(), Strategy.named("one-for-all"));
        assertEquals("one_for_one, one_for_all, rest_for_one", Strategy.knownNames());
    }

    @Test
    void restartLosesTheMemoryMicrorebootKeepsItAndBothAreRefusedWithoutACore() {
        var chip = FakeChip.running("a", "b").fail(1);
        var cores = new CoreChoice(chip, List.of(), List.of("a", "b"));
        assertEquals(new Attempt.Steps(List.of(new Step.Launch("a", 0, 0, Step.Memory.FRESH, Scheme.RESTART))),
                Scheme.RESTART.revive("a", cores));
        assertEquals(new Attempt.Steps(List.of(new Step.Launch("a", 0, 0, Step.Memory.KEPT, Scheme.MICROREBOOT))),
                Scheme.MICROREBOOT.revive("a", cores));
        for (Scheme scheme : List.of(Scheme.RESTART, Scheme.MICROREBOOT, new Rollback(Duration.ofMillis(5)))) {
            assertEquals(new Attempt.Refused("core 1 failed for good and no spare core is left"), scheme.revive("b", cores));
        }
    }

    @Test
    void rollbackLaunchesOnTheLastCheckpointAndMigratesLikeTheOthers() {
        var rollback = new Rollback(Duration.ofMillis(5));
        var chip = FakeChip.running("a", "b").fail(1);
        var cores = new CoreChoice(chip, List.of(2), List.of("a", "b"));
        assertEquals(new Attempt.Steps(List.of(new Step.Launch("a", 0, 0, Step.Memory.CHECKPOINT, rollback))),
                rollback.revive("a", cores));
        assertEquals(new Attempt.Steps(List.of(new Step.Launch("b", 1, 2, Step.Memory.CHECKPOINT, rollback))),
                rollback.revive("b", cores));
    }

    @Test
    void standbyFailsOverToTheReadyStandbysCoreAndIsRefusedWithoutOne() {
        var standby = new Standby(5, Standby.Mode.WARM);
        var chip = FakeChip.running("a", "b").standby("a", 5);
        var cores = new CoreChoice(chip, List.of(), List.of("a"));
        var failover = new Step.Launch("a", 0, 5, Step.Memory.STANDBY, standby);
        assertEquals(new Attempt.Steps(List.of(failover)), standby.revive("a", cores));
        assertEquals(false, failover.migrates(), "a failover moves by design, not because its core failed");
        assertEquals(new Attempt.Refused("no warm standby is ready (being built, or its core failed for good)"),
                standby.revive("b", cores));
        assertEquals(new Attempt.Refused("no warm standby is ready (being built, or its core failed for good)"),
                standby.revive("a", new CoreChoice(chip.fail(5), List.of(), List.of("a"))));
    }
}
