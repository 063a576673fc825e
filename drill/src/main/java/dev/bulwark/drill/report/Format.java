package dev.bulwark.drill.report;

import dev.bulwark.drill.Injection;
import dev.bulwark.drill.Outcome;

import java.time.Duration;
import java.util.Locale;

/** How every report writes the words and numbers the table and the HTML page share. */
final class Format {
    private Format() {
    }

    /**
     * Nanoseconds as milliseconds, {@code -} for {@link Injection#NONE}: three decimals under 1 ms
     * ({@code 0.042}), two under 1 s ({@code 1.23}), none above ({@code 2315}).
     */
    static String millis(long nanos) {
        if (nanos < 0) {
            return "-";
        }
        double ms = nanos / 1e6;
        String pattern = ms < 1 ? "%.3f" : ms < 1000 ? "%.2f" : "%.0f";
        return String.format(Locale.ROOT, pattern, ms);
    }

    /** Commands per second, whole: {@code 61234}; {@code -} for a negative or NaN rate. */
    static String rate(double perSecond) {
        return Double.isNaN(perSecond) || perSecond < 0 ? "-" : String.format(Locale.ROOT, "%.0f", perSecond);
    }

    /** A ratio of two rates, three decimals: {@code 0.947}; {@code -} for NaN. */
    static String ratio(double ratio) {
        return Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.3f", ratio);
    }

    /** A share as a percentage, one decimal: {@code 5.3%}, {@code -0.4%}; {@code -} for NaN. */
    static String percent(double share) {
        return Double.isNaN(share) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * share);
    }

    /** A run's length in seconds, one decimal: {@code 12.3 s}. */
    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toNanos() / 1e9);
    }

    /** The config's hash as the table prints it: its first 12 hex digits. */
    static String shortSha(String sha256) {
        return sha256 == null ? "-" : sha256.length() <= 12 ? sha256 : sha256.substring(0, 12);
    }

    /** The outcome's column header in the terminal table: short enough for nine columns of counts. */
    static String shortName(Outcome o) {
        return switch (o) {
            case MASKED -> "mask";
            case RECOVERED -> "recov";
            case STATE_LOST -> "lost";
            case STOPPED -> "stop";
            case UNDETECTED_CORRUPTION -> "sdc";
            case BYSTANDER_HARMED -> "harm";
            case NO_VERDICT -> "nov";
        };
    }
}
