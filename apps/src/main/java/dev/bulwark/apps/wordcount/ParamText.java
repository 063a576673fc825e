package dev.bulwark.apps.wordcount;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the word-count apps' text parameters: sizes ({@code 1MiB}), durations ({@code 5s}), counts and
 * lists of sandbox names. Each refusal names the app, the parameter and the value, and says what would do.
 */
final class ParamText {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB)?");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ns|us|ms|s)");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");

    private ParamText() {
    }

    /** A size in bytes: digits, optionally followed by B, KiB, MiB or GiB; between {@code min} and {@code max}. */
    static long bytes(String app, String param, String value, long min, long max) {
        Matcher m = SIZE.matcher(value.trim());
        if (!m.matches()) {
            throw refuse(app, param, value, "a size such as 1MiB, 64KiB or 65536");
        }
        int shift = switch (m.group(2) == null ? "B" : m.group(2)) {
            case "KiB" -> 10;
            case "MiB" -> 20;
            case "GiB" -> 30;
            default -> 0;
        };
        long n = parse(app, param, value, m.group(1));
        if (n > (max >> shift) || n << shift < min) {
            throw refuse(app, param, value, "a size from %d to %d bytes".formatted(min, max));
        }
        return n << shift;
    }

    /** A duration in nanoseconds: digits followed by ns, us, ms or s; at least 1 ms. */
    static long nanos(String app, String param, String value) {
        Matcher m = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw refuse(app, param, value, "a duration such as 5s or 500ms");
        }
        long n = parse(app, param, value, m.group(1));
        long unit = switch (m.group(2)) {
            case "s" -> 1_000_000_000L;
            case "ms" -> 1_000_000L;
            case "us" -> 1_000L;
            default -> 1L;
        };
        if (n > Long.MAX_VALUE / unit || n * unit < 1_000_000L) {
            throw refuse(app, param, value, "a duration of at least 1ms");
        }
        return n * unit;
    }

    /** A whole number from {@code min} to {@code max}. */
    static int count(String app, String param, String value, int min, int max) {
        long n;
        try {
            n = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            n = Long.MIN_VALUE;
        }
        if (n < min || n > max) {
            throw refuse(app, param, value, "a whole number from %d to %d".formatted(min, max));
        }
        return (int) n;
    }

    /** Comma-separated sandbox names, at least one, none twice. */
    static List<String> names(String app, String param, String value) {
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String part : value.split(",", -1)) {
            String name = part.trim();
            if (!NAME.matcher(name).matches()) {
                throw refuse(app, param, value, "comma-separated sandbox names such as \"mapper-0,mapper-1\" ('"
                        + name + "' is not a sandbox name)");
            }
            if (!seen.add(name)) {
                throw refuse(app, param, value, "each sandbox named once ('" + name + "' is named twice)");
            }
            names.add(name);
        }
        return names;
    }

    private static long parse(String app, String param, String value, String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw refuse(app, param, value, "a number that fits 63 bits");
        }
    }

    private static IllegalArgumentException refuse(String app, String param, String value, String wanted) {
        return new IllegalArgumentException("%s: parameter '%s' must be %s, not '%s'".formatted(app, param, wanted, value));
    }
}
