package dev.bulwark.drill;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A threshold a drill must meet, as {@code --expect} reads it, so a drill can gate a build. Two forms:
 * <pre>
 *   OUTCOME[+OUTCOME...] OP NUMBER[%]     recovered>=99%   recovered+state-lost>=99.5%   undetected-corruption=0
 *   METRIC.STAT OP DURATION               recovery.p99<=5ms   interruption.max<1s   detection.p50<=20ms
 * </pre>
 * An outcome count is over all the drill's injections (a share of them with {@code %}); a metric is {@code
 * detection}, {@code recovery} or {@code interruption}, its stat {@code p50}, {@code p99} or {@code max} over the
 * injections that have one; OP is one of {@code >= <= = < >}; a duration takes {@code ns us ms s}. A metric that no
 * injection has (no detection at all) misses every threshold: nothing was shown to meet it.
 */
public sealed interface Expectation {
    /** What {@link #check} found: null if it was met, else the miss in words. */
    String check(Summary summary);

    /** The text it was read from. */
    String text();

    enum Op {
        GE(">="), LE("<="), EQ("="), LT("<"), GT(">");

        final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        boolean holds(double actual, double threshold) {
            return switch (this) {
                case GE -> actual >= threshold;
                case LE -> actual <= threshold;
                case EQ -> actual == threshold;
                case LT -> actual < threshold;
                case GT -> actual > threshold;
            };
        }

        static Op of(String symbol) {
            for (Op op : values()) {
                if (op.symbol.equals(symbol)) {
                    return op;
                }
            }
            throw new IllegalArgumentException(symbol);
        }
    }

    record Count(String text, List<Outcome> outcomes, Op op, double value, boolean percent) implements Expectation {
        public String check(Summary summary) {
            Summary.Row total = summary.total();
            long count = outcomes.stream().mapToLong(total::count).sum();
            double actual = percent ? (total.injected() == 0 ? 0 : 100.0 * count / total.injected()) : count;
            if (op.holds(actual, value)) {
                return null;
            }
            return String.format(Locale.ROOT, "%s: %s%s (%d of %d injections), expected %s %s%s", text,
                    percent ? String.format(Locale.ROOT, "%.2f", actual) : String.valueOf(count), percent ? "%" : "",
                    count, total.injected(), op.symbol, format(value), percent ? "%" : "");
        }
    }

    record Latency(String text, String metric, String stat, Op op, long nanos) implements Expectation {
        public String check(Summary summary) {
            Summary.Percentiles p = switch (metric) {
                case "detection" -> summary.total().detect();
                case "recovery" -> summary.total().recover();
                default -> summary.total().interrupt();
            };
            if (p.count() == 0) {
                return text + ": no injection has a " + metric + " time to compare";
            }
            ToLongFunction<Summary.Percentiles> pick = switch (stat) {
                case "p50" -> Summary.Percentiles::p50;
                case "p99" -> Summary.Percentiles::p99;
                default -> Summary.Percentiles::max;
            };
            long actual = pick.applyAsLong(p);
            return op.holds(actual, nanos) ? null : String.format(Locale.ROOT, "%s: %s %s was %.3f ms over %d injections, "
                    + "expected %s %.3f ms", text, metric, stat, actual / 1e6, p.count(), op.symbol, nanos / 1e6);
        }
    }

    Pattern COUNT = Pattern.compile("([a-z-]+(?:\\+[a-z-]+)*)\\s*(>=|<=|=|<|>)\\s*([0-9]+(?:\\.[0-9]+)?)\\s*(%?)");
    Pattern LATENCY = Pattern.compile("(detection|recovery|interruption)\\.(p50|p99|max)\\s*(>=|<=|=|<|>)\\s*"
            + "([0-9]+(?:\\.[0-9]+)?)\\s*(ns|us|µs|ms|s)");

    /**
     * Reads one expectation.
     *
     * @throws IllegalArgumentException naming what is wrong with {@code text}
     */
    static Expectation parse(String text) {
        String t = text.strip();
        Matcher latency = LATENCY.matcher(t);
        if (latency.matches()) {
            double amount = Double.parseDouble(latency.group(4));
            double unit = switch (latency.group(5)) {
                case "ns" -> 1;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                default -> 1e9;
            };
            return new Latency(t, latency.group(1), latency.group(2), Op.of(latency.group(3)), Math.round(amount * unit));
        }
        Matcher count = COUNT.matcher(t);
        if (count.matches()) {
            List<Outcome> outcomes = new ArrayList<>();
            for (String name : count.group(1).split("\\+")) {
                Optional<Outcome> o = Outcome.named(name);
                if (o.isEmpty()) {
                    throw new IllegalArgumentException("'" + t + "': no outcome '" + name + "' (outcomes: " + String.join(", ",
                            java.util.Arrays.stream(Outcome.values()).map(Outcome::configName).toList())
                            + "; metrics: detection, recovery, interruption .p50, .p99, .max)");
                }
                outcomes.add(o.get());
            }
            double value = Double.parseDouble(count.group(3));
            boolean percent = !count.group(4).isEmpty();
            if (percent && value > 100) {
                throw new IllegalArgumentException("'" + t + "': a share above 100%");
            }
            return new Count(t, List.copyOf(outcomes), Op.of(count.group(2)), value, percent);
        }
        throw new IllegalArgumentException("'" + t + "' is not an expectation: write OUTCOME OP NUMBER[%] "
                + "(recovered>=99%, undetected-corruption=0) or METRIC.STAT OP DURATION (recovery.p99<=5ms)");
    }

    private static String format(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
