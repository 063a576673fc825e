package dev.bulwark.drill;

import dev.bulwark.hw.fault.FaultKind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A drill's outcome table: one row per fault kind and scheme variant (in the order first injected), and a total.
 * Each row counts the injections of each outcome class and gives percentiles of detection latency, recovery
 * latency and service interruption over the injections that have one.
 */
public record Summary(List<Row> rows, Row total) {
    /** A row: {@code kind} null in the total. */
    public record Row(FaultKind kind, String variant, int injected, Map<Outcome, Integer> outcomes,
                      Percentiles detect, Percentiles recover, Percentiles interrupt) {
        public int count(Outcome outcome) {
            return outcomes.getOrDefault(outcome, 0);
        }

        /** The share of this row's injections with {@code outcome}, 0 to 1 (0 for an empty row). */
        public double share(Outcome outcome) {
            return injected == 0 ? 0 : (double) count(outcome) / injected;
        }
    }

    /** Nanosecond percentiles of some samples; {@code count} 0 and the rest {@link Injection#NONE} if none. */
    public record Percentiles(int count, long p50, long p99, long max) {
        static Percentiles of(long[] samples) {
            if (samples.length == 0) {
                return new Percentiles(0, Injection.NONE, Injection.NONE, Injection.NONE);
            }
            long[] sorted = samples.clone();
            Arrays.sort(sorted);
            return new Percentiles(sorted.length, rank(sorted, 0.50), rank(sorted, 0.99), sorted[sorted.length - 1]);
        }

        /** The nearest-rank percentile: the smallest sample with at least {@code p} of them at or below it. */
        private static long rank(long[] sorted, double p) {
            int index = (int) Math.ceil(p * sorted.length) - 1;
            return sorted[Math.max(0, index)];
        }
    }

    public static Summary of(List<Injection> injections) {
        Map<String, List<Injection>> byRow = new LinkedHashMap<>();
        for (Injection i : injections) {
            byRow.computeIfAbsent(i.kind() + "\0" + i.variant(), k -> new ArrayList<>()).add(i);
        }
        List<Row> rows = new ArrayList<>();
        byRow.values().forEach(group -> rows.add(row(group.getFirst().kind(), group.getFirst().variant(), group)));
        return new Summary(List.copyOf(rows), row(null, null, injections));
    }

    private static Row row(FaultKind kind, String variant, List<Injection> group) {
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        for (Injection i : group) {
            counts.merge(i.outcome(), 1, Integer::sum);
        }
        return new Row(kind, variant, group.size(), counts,
                Percentiles.of(group.stream().mapToLong(Injection::detectNanos).filter(n -> n >= 0).toArray()),
                Percentiles.of(group.stream().mapToLong(Injection::recoverNanos).filter(n -> n >= 0).toArray()),
                Percentiles.of(group.stream().mapToLong(Injection::interruptNanos).filter(n -> n >= 0).toArray()));
    }
}
