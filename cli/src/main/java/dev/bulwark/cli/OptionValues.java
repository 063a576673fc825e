package dev.bulwark.cli;

import dev.bulwark.cli.config.Quantities;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;

/**
 * Converters for option values that every command can use. A value that will not do is a {@link Problem}
 * that quotes the value exactly as the user typed it; {@link OptionErrors} prints it after the option's
 * name, so a converter never needs to know which option it serves.
 */
public final class OptionValues {
    private OptionValues() {
    }

    /**
     * What is wrong with one option's value, phrased to follow the option's name: either a statement about
     * the value ({@code --duration: invalid duration '-1s': ...}) or a requirement it misses
     * ({@code --status-every must be positive, not '0s'}).
     */
    public static final class Problem extends TypeConversionException {
        private final String separator;

        private Problem(String separator, String text) {
            super(text);
            this.separator = separator;
        }

        /** {@code OPTION: statement}; the statement quotes the value as typed. */
        public static Problem invalid(String statement) {
            return new Problem(": ", statement);
        }

        /** {@code OPTION must REQUIREMENT, not 'TYPED'}. */
        public static Problem must(String requirement, String typed) {
            return new Problem(" ", "must " + requirement + ", not '" + typed + "'");
        }

        /** The problem as one line about {@code option}, e.g. {@code --rounds must be ..., not '0'}. */
        public String about(String option) {
            return option + separator + getMessage();
        }
    }

    /** A duration as {@link Quantities#parseDuration} reads it: 250ms, 1.5s, 2m (zero allowed). */
    static final class AnyDuration implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            return duration(text);
        }
    }

    /** A duration greater than zero, e.g. a period. */
    static final class PositiveDuration implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            Duration duration = duration(text);
            if (duration.isNegative() || duration.isZero()) {
                throw Problem.must("be positive", text);
            }
            return duration;
        }
    }

    /** A duration as {@link Quantities#parseDuration} reads it (zero allowed); a {@link Problem} if it is not one. */
    public static Duration duration(String text) {
        try {
            return Quantities.parseDuration(text);
        } catch (IllegalArgumentException e) {
            throw Problem.invalid(e.getMessage());
        }
    }

    /** A whole number from {@code min} to {@code max}, written in decimal digits. */
    public static int wholeNumber(String text, int min, int max) {
        return (int) wholeNumber(text, (long) min, max);
    }

    /** A whole number from {@code min} to {@code max}, written in decimal digits. */
    public static long wholeNumber(String text, long min, long max) {
        try {
            long n = Long.parseLong(text.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // not a number at all, or beyond a long: the same requirement applies
        }
        throw Problem.must("be a whole number " + (max == Long.MAX_VALUE ? "of at least " + min : "from " + min + " to " + max), text);
    }
}
