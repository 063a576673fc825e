package dev.bulwark.cli.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Parses the sizes and durations a config file writes: {@code 64MiB}, {@code 0x300000}, {@code 4096},
 * {@code 250ms}, {@code 1.5s}. Binary units only for sizes, so that {@code 64MB} is never ambiguous.
 */
public final class Quantities {
    private static final Pattern HEX = Pattern.compile("0[xX]([0-9a-fA-F]+)");
    private static final Pattern NUMBER_AND_UNIT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-zA-Z]*)");
    private static final Pattern DECIMAL_SIZE_UNIT = Pattern.compile("(?i)([kmgt])b?");

    private Quantities() {
    }

    /**
     * A size in bytes: plain bytes ({@code 4096}), hex ({@code 0x1000}), or a number with unit B, KiB, MiB
     * or GiB ({@code 64MiB}, {@code 1.5 KiB}), optionally with a space before the unit.
     *
     * @throws IllegalArgumentException saying what is wrong with {@code text}
     */
    public static long parseSize(String text) {
        String trimmed = text.strip();
        var hex = HEX.matcher(trimmed);
        if (hex.matches()) {
            try {
                return Long.parseLong(hex.group(1), 16);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("size '%s' is too large".formatted(text));
            }
        }
        var m = NUMBER_AND_UNIT.matcher(trimmed);
        if (!m.matches()) {
            throw new IllegalArgumentException(("invalid size '%s': write bytes (4096), hex (0x1000), "
                    + "or a number with unit B, KiB, MiB or GiB (64MiB)").formatted(text));
        }
        String unit = m.group(2);
        long multiplier = switch (unit) {
            case "", "B" -> 1L;
            case "KiB" -> 1L << 10;
            case "MiB" -> 1L << 20;
            case "GiB" -> 1L << 30;
            default -> throw new IllegalArgumentException(unknownSizeUnit(text, m.group(1), unit));
        };
        return exactly(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(multiplier)), text, "bytes");
    }

    private static String unknownSizeUnit(String text, String number, String unit) {
        var decimal = DECIMAL_SIZE_UNIT.matcher(unit);
        if (decimal.matches()) {
            String binary = decimal.group(1).toUpperCase(java.util.Locale.ROOT) + "iB";
            if (binary.equals("KiB") || binary.equals("MiB") || binary.equals("GiB")) {
                return "unit '%s' in size '%s' is ambiguous (powers of 1000 or 1024?): write %s%s".formatted(
                        unit, text, number, binary);
            }
        }
        return "unknown unit '%s' in size '%s' (use B, KiB, MiB or GiB)".formatted(unit, text);
    }

    /**
     * A duration: a number with unit ns, us, ms, s or m ({@code 250ms}, {@code 1.5s}, {@code 2 m}).
     *
     * @throws IllegalArgumentException saying what is wrong with {@code text}
     */
    public static Duration parseDuration(String text) {
        var m = NUMBER_AND_UNIT.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(("invalid duration '%s': write a number with unit "
                    + "ns, us, ms, s or m (250ms, 1.5s)").formatted(text));
        }
        long nanosPerUnit = switch (m.group(2)) {
            case "ns" -> 1L;
            case "us" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "" -> throw new IllegalArgumentException(
                    "duration '%s' has no unit (use ns, us, ms, s or m)".formatted(text));
            default -> throw new IllegalArgumentException(
                    "unknown unit '%s' in duration '%s' (use ns, us, ms, s or m)".formatted(m.group(2), text));
        };
        var nanos = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(nanosPerUnit));
        return Duration.ofNanos(exactly(nanos, text, "nanoseconds"));
    }

    private static long exactly(BigDecimal value, String text, String what) {
        try {
            return value.longValueExact();
        } catch (ArithmeticException e) {
            boolean fractional = value.stripTrailingZeros().scale() > 0;
            throw new IllegalArgumentException(fractional
                    ? "'%s' is not a whole number of %s".formatted(text, what)
                    : "'%s' is too large".formatted(text));
        }
    }
}
