package dev.bulwark.bench.transport;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class SlotsTest {
    @Test
    void handsOutCapacityPlusTwoSlotsInTurn() {
        Slots slots = new Slots(3, 8);
        Set<Slot> seen = new HashSet<>();
        Slot first = slots.next();
        seen.add(first);
        for (int i = 1; i < 5; i++) {
            seen.add(slots.next());
        }
        assertEquals(5, seen.size(), "capacity + 2 distinct slots");
        assertSame(first, slots.next(), "then the first again");
    }

    @Test
    void aSlotCopiesThePayloadInAndOut() {
        Setup setup = new Setup(300, 4);
        Slot slot = new Slot(300);
        slot.write(42, setup.pattern());
        byte[] out = new byte[300];
        assertEquals(42, slot.read(out));
        assertEquals(java.util.Arrays.toString(setup.pattern()), java.util.Arrays.toString(out));
    }
}
