package dev.bulwark.monitor.spec;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * Sizes and durations written the way a config writes them, for messages about a config: every problem
 * names a quantity in the units its author would type.
 */
public final class Units {
    private Units() {
    }

    /**
     * {@code bytes} as a person reads a size, in the units a config takes: below 1 KiB in bytes
     * ({@code 512 B}), else in the largest unit up to GiB that it reaches, whole when it is a whole number of
     * that unit ({@code 1 MiB}, {@code 3 GiB}) and otherwise to one decimal place, rounded down so that a size
     * over a limit never reads as under it ({@code 1.5 KiB}, {@code 1.0 MiB} for one byte more than 1 MiB).
     */
    public static String size(long bytes) {
        if (bytes < 1L << 10) {
            return bytes + " B";
        }
        int shift = bytes >= 1L << 30 ? 30 : bytes >= 1L << 20 ? 20 : 10;
        String unit = switch (shift) {
            case 30 -> "GiB";
            case 20 -> "MiB";
            default -> "KiB";
        };
        long whole = bytes >> shift;
        if (whole << shift == bytes) {
            return whole + " " + unit;
        }
        return BigDecimal.valueOf(bytes).divide(BigDecimal.valueOf(1L << shift), 1, RoundingMode.DOWN) + " " + unit;
    }

    /**
     * {@code duration} in the largest unit (m, s, ms, us, ns) it reaches, with at most three decimals and
     * none that are zero, rounded up so that a floor never reads as less than it is: {@code 10s},
     * {@code 102.4ms}, {@code 250ns}.
     */
    public static String duration(Duration duration) {
        long nanos = duration.toNanos();
        long[] perUnit = {60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L, 1L};
        String[] units = {"m", "s", "ms", "us", "ns"};
        int u = 0;
        while (u < units.length - 1 && Math.abs(nanos) < perUnit[u]) {
            u++;
        }
        BigDecimal value = BigDecimal.valueOf(nanos).divide(BigDecimal.valueOf(perUnit[u]), 3, RoundingMode.UP);
        return value.stripTrailingZeros().toPlainString() + units[u];
    }
}
