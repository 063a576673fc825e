package dev.bulwark.monitor.policy;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SchemeTest {
    @Test
    void schemesAndStrategiesAreFoundByTheNamesAConfigWrites() {
        assertEquals(Optional.of(Scheme.RESTART), Scheme.named("restart"));
        assertEquals(Optional.of(Scheme.MICROREBOOT), Scheme.named("microreboot"));
        assertEquals(Optional.empty(), Scheme.named("Restart"));
        assertEquals("restart, microreboot", Scheme.knownNames());
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
        for (Scheme scheme : Scheme.KNOWN) {
            assertEquals(new Attempt.Refused("core 1 failed for good and no spare core is left"), scheme.revive("b", cores));
        }
    }
}
