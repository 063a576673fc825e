package dev.bulwark.hw.memory;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PhysicalMemoryTest {
    @Test
    void firstFitFillsTheLowestFreeGap() {
        PhysicalMemory m = new PhysicalMemory(16 * 4096, 4096);
        m.reserve("b", 4 * 4096, 2 * 4096);
        assertEquals(0, m.reserve("a", 4 * 4096).base());
        assertEquals(6 * 4096, m.reserve("c", 4096).base());
        assertEquals(3, m.regions().size());
    }

    @Test
    void overlapsAndMisfitsAreRefusedWithBothOwnersNamed() {
        PhysicalMemory m = new PhysicalMemory(8 * 4096, 4096);
        m.reserve("a", 0, 4 * 4096);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.reserve("b", 2 * 4096, 4096));
        assertTrue(e.getMessage().contains("b") && e.getMessage().contains("overlaps a"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.reserve("c", 6 * 4096, 4 * 4096));
        assertThrows(IllegalArgumentException.class, () -> m.reserve("d", 100, 4096));
        assertThrows(IllegalArgumentException.class, () -> m.reserve("e", 5000));
        assertThrows(IllegalArgumentException.class, () -> m.reserve("f", 8 * 4096));
    }
}
