package dev.bulwark.hw.memory;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PhysicalMemoryTest {
    @Test
    void regionsComeBackInAddressOrder() {
        PhysicalMemory m = new PhysicalMemory(16 * 4096, 4096);
        m.reserve("b", 4 * 4096, 2 * 4096);
        m.reserve("a", 0, 4 * 4096);
        assertEquals(java.util.List.of("a", "b"), m.regions().stream().map(Region::owner).toList());
    }

    @Test
    void overlapsAndMisfitsAreRefusedWithBothOwnersNamed() {
        PhysicalMemory m = new PhysicalMemory(8 * 4096, 4096);
        m.reserve("a", 0, 4 * 4096);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.reserve("b", 2 * 4096, 4096));
        assertTrue(e.getMessage().contains("b") && e.getMessage().contains("overlaps a"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.reserve("c", 6 * 4096, 4 * 4096));
        assertThrows(IllegalArgumentException.class, () -> m.reserve("d", 100, 4096));
        assertThrows(IllegalArgumentException.class, () -> m.reserve("e", 4 * 4096, 5000));
    }
}
