package dev.bulwark.monitor.policy;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RestartIntensityTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void atMostMaxRestartsWithinAnyWindowAndARestartLeavesTheWindowExactlyOneWindowLater() {
        RestartIntensity intensity = new RestartIntensity(2, 10 * SECOND);
        assertTrue(intensity.tryRestart(100 * SECOND));
        assertTrue(intensity.tryRestart(105 * SECOND));
        assertFalse(intensity.tryRestart(109 * SECOND), "a third within 10 s of the first");
        assertFalse(intensity.tryRestart(110 * SECOND - 1), "one nanosecond before the first leaves the window");
        assertTrue(intensity.tryRestart(110 * SECOND), "the first is exactly one window old: it no longer counts");
        assertFalse(intensity.tryRestart(114 * SECOND), "105 and 110 are still inside");
        assertTrue(intensity.tryRestart(115 * SECOND));
    }

    @Test
    void aRefusedRestartIsNotCounted() {
        RestartIntensity intensity = new RestartIntensity(1, 10 * SECOND);
        assertTrue(intensity.tryRestart(0));
        assertFalse(intensity.tryRestart(5 * SECOND));
        assertTrue(intensity.tryRestart(10 * SECOND), "the refused one at 5 s did not extend the window");
    }

    @Test
    void zeroRestartsRefusesEveryFailure() {
        RestartIntensity intensity = new RestartIntensity(0, SECOND);
        assertFalse(intensity.tryRestart(0));
        assertFalse(intensity.tryRestart(100 * SECOND));
    }

    @Test
    void timestampsNearTheWrapOfTheClockCompareAsDifferences() {
        RestartIntensity intensity = new RestartIntensity(1, 10 * SECOND);
        assertTrue(intensity.tryRestart(Long.MAX_VALUE - SECOND));
        assertFalse(intensity.tryRestart(Long.MAX_VALUE), "1 s later");
        assertTrue(intensity.tryRestart(Long.MAX_VALUE - SECOND + 10 * SECOND), "10 s later, past the wrap");
    }

    @Test
    void countedIsTheRestartsInsideTheWindowAfterTheLastTry() {
        RestartIntensity intensity = new RestartIntensity(3, 10 * SECOND);
        intensity.tryRestart(0);
        intensity.tryRestart(4 * SECOND);
        assertEquals(2, intensity.counted());
        intensity.tryRestart(10 * SECOND);
        assertEquals(2, intensity.counted(), "0 s left as 10 s came in");
        assertEquals("more than 3 restarts within 10s", intensity.limit());
        assertEquals("more than 1 restart within 1.5s", new RestartIntensity(1, 1_500_000_000L).limit());
    }
}
