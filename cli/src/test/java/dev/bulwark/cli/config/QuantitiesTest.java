package dev.bulwark.cli.config;

import dev.bulwark.monitor.spec.Units;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuantitiesTest {
    private static void assertRejected(String fragment, org.junit.jupiter.api.function.Executable parse) {
        var e = assertThrows(IllegalArgumentException.class, parse);
        assertTrue(e.getMessage().contains(fragment), () -> "'" + fragment + "' not in: " + e.getMessage());
    }

    @Test
    void sizesInBytesHexAndBinaryUnits() {
        assertEquals(4096, Quantities.parseSize("4096"));
        assertEquals(0x300000, Quantities.parseSize("0x300000"));
        assertEquals(0xABC, Quantities.parseSize("0Xabc"));
        assertEquals(12, Quantities.parseSize("12B"));
        assertEquals(4096, Quantities.parseSize("4KiB"));
        assertEquals(64L << 20, Quantities.parseSize("64MiB"));
        assertEquals(64L << 20, Quantities.parseSize("64 MiB"));
        assertEquals(2L << 30, Quantities.parseSize("2GiB"));
        assertEquals(1536, Quantities.parseSize("1.5KiB"));
    }

    @Test
    void decimalUnitsAreRejectedAsAmbiguous() {
        assertRejected("ambiguous", () -> Quantities.parseSize("64MB"));
        assertRejected("write 64MiB", () -> Quantities.parseSize("64MB"));
        assertRejected("write 4KiB", () -> Quantities.parseSize("4k"));
        assertRejected("write 1GiB", () -> Quantities.parseSize("1GB"));
    }

    @Test
    void malformedSizesAreRejected() {
        assertRejected("unknown unit 'XB'", () -> Quantities.parseSize("12XB"));
        assertRejected("invalid size 'lots'", () -> Quantities.parseSize("lots"));
        assertRejected("invalid size '-1'", () -> Quantities.parseSize("-1"));
        assertRejected("not a whole number of bytes", () -> Quantities.parseSize("1.3B"));
        assertRejected("too large", () -> Quantities.parseSize("0x1ffffffffffffffff"));
        assertRejected("too large", () -> Quantities.parseSize("99999999999GiB"));
    }

    @Test
    void sizesAreFormattedInTheUnitsTheyAreParsedIn() {
        assertEquals("0 B", Units.size(0));
        assertEquals("1023 B", Units.size(1023));
        assertEquals("1 KiB", Units.size(1024));
        assertEquals("1.5 KiB", Units.size(1536));
        assertEquals("1 MiB", Units.size(1L << 20));
        assertEquals("1.0 MiB", Units.size((1L << 20) + 1), "rounded down, never up");
        assertEquals("1023.9 KiB", Units.size((1L << 20) - 1), "rounded down, never up");
        assertEquals("3 GiB", Units.size(3L << 30));
        assertEquals("2.7 GiB", Units.size(3_000_000_000L));
        assertEquals("8589934591 GiB", Units.size(Long.MAX_VALUE >> 30 << 30));
        for (long bytes : new long[] {512, 1536, 1L << 20, 3L << 30}) {
            assertEquals(bytes, Quantities.parseSize(Units.size(bytes)));
        }
    }

    @Test
    void durationsWithUnits() {
        assertEquals(Duration.ofNanos(5), Quantities.parseDuration("5ns"));
        assertEquals(Duration.ofNanos(7_000), Quantities.parseDuration("7us"));
        assertEquals(Duration.ofMillis(250), Quantities.parseDuration("250ms"));
        assertEquals(Duration.ofMillis(1500), Quantities.parseDuration("1.5s"));
        assertEquals(Duration.ofSeconds(10), Quantities.parseDuration("10 s"));
        assertEquals(Duration.ofMinutes(2), Quantities.parseDuration("2m"));
    }

    @Test
    void malformedDurationsAreRejected() {
        assertRejected("has no unit", () -> Quantities.parseDuration("100"));
        assertRejected("unknown unit 'h'", () -> Quantities.parseDuration("1h"));
        assertRejected("invalid duration 'soon'", () -> Quantities.parseDuration("soon"));
        assertRejected("not a whole number of nanoseconds", () -> Quantities.parseDuration("1.5ns"));
    }
}
