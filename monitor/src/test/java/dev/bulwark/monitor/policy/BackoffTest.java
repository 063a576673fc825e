package dev.bulwark.monitor.policy;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BackoffTest {
    private static final long MS = 1_000_000L;

    @Test
    void theNthRestartWaitsMinTimesTwoToTheNMinusOneCappedAtMax() {
        var backoff = new Backoff(Duration.ofMillis(10), Duration.ofSeconds(1));
        assertEquals(10 * MS, backoff.delayNanos(1));
        assertEquals(20 * MS, backoff.delayNanos(2));
        assertEquals(640 * MS, backoff.delayNanos(7));
        assertEquals(1000 * MS, backoff.delayNanos(8), "1280 ms, capped");
        assertEquals(1000 * MS, backoff.delayNanos(64), "far past a long's bits: the cap, not an overflow");
        assertEquals(1000 * MS, backoff.delayNanos(Integer.MAX_VALUE));
        assertEquals(Long.MAX_VALUE, new Backoff(Duration.ofNanos(1), Duration.ofNanos(Long.MAX_VALUE)).delayNanos(64));
        assertEquals(1L << 62, new Backoff(Duration.ofNanos(1), Duration.ofNanos(Long.MAX_VALUE)).delayNanos(63),
                "the largest doubling that fits");
        assertThrows(IllegalArgumentException.class, () -> backoff.delayNanos(0));
    }

    @Test
    void noBackoffWaitsNotAtAll() {
        assertEquals(0, Backoff.NONE.delayNanos(1));
        assertEquals(0, Backoff.NONE.delayNanos(100));
        assertEquals("none", Backoff.NONE.toString());
        assertEquals("10ms..1s", new Backoff(Duration.ofMillis(10), Duration.ofSeconds(1)).toString());
    }
}
