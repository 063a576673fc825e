package dev.bulwark.hw.fault;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaultKindTest {
    @Test
    void eachKindHasOneKebabCaseNameThatReadsBack() {
        assertEquals(List.of("kernel-panic", "hang", "bit-flip", "wild-write", "core-fail-stop", "device-failure",
                        "driver-bug", "message-corruption", "monitor-fault"),
                List.of(FaultKind.values()).stream().map(FaultKind::configName).toList());
        for (FaultKind kind : FaultKind.values()) {
            assertEquals(Optional.of(kind), FaultKind.named(kind.configName()), kind.toString());
        }
    }

    @Test
    void panicIsAnAliasOfKernelPanicAndNoNameIsTakenTwice() {
        assertEquals(Optional.of(FaultKind.KERNEL_PANIC), FaultKind.named("panic"));
        Set<String> seen = new HashSet<>();
        for (FaultKind kind : FaultKind.values()) {
            assertTrue(seen.add(kind.configName()), kind.configName());
            kind.aliases().forEach(alias -> assertTrue(seen.add(alias), alias));
        }
    }

    @Test
    void otherSpellingsAreNotKinds() {
        for (String name : List.of("KERNEL_PANIC", "Kernel-Panic", "kernel_panic", "kernel panic", " hang", "", "panics")) {
            assertEquals(Optional.empty(), FaultKind.named(name), name);
        }
    }

    @Test
    void allNamesListsEveryKindWithItsAliases() {
        assertEquals("kernel-panic (panic), hang, bit-flip, wild-write, core-fail-stop, device-failure, driver-bug, "
                + "message-corruption, monitor-fault", FaultKind.allNames());
    }
}
