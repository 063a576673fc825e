package dev.bulwark.apps.kv;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations in app parameters: a whole number and a unit, {@code ns}, {@code us}, {@code ms}, {@code s} or {@code m}. */
final class Durations {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,12})\\s*(ns|us|ms|s|m)");

    private Durations() {
    }

    /**
     * The nanoseconds {@code text} says, at least 1.
     *
     * @throws IllegalArgumentException naming {@code param} and what it should look like
     */
    static long parse(String text, String param) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("parameter '%s' must be a duration such as 2s, 500ms or 250us, not '%s'"
                    .formatted(param, text));
        }
        long amount = Long.parseLong(m.group(1));
        long nanos = switch (m.group(2)) {
            case "ns" -> amount;
            case "us" -> amount * 1_000L;
            case "ms" -> amount * 1_000_000L;
            case "s" -> amount * 1_000_000_000L;
            default -> amount * 60_000_000_000L;
        };
        if (nanos <= 0) {
            throw new IllegalArgumentException("parameter '%s' must be longer than zero, not '%s'".formatted(param, text));
        }
        return nanos;
    }
}
