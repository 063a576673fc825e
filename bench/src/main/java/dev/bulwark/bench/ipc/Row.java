package dev.bulwark.bench.ipc;

import dev.bulwark.bench.transport.Transports;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;

/**
 * Every figure of one transport at one payload size, as the reports print them. A figure that does not exist
 * (the throughput of a transport without a queue, a ratio whose baseline was not measured) is {@code NaN}.
 *
 * <p>The ratios are taken round by round, each against the baseline measured seconds before or after it in the
 * same round, and the median of the rounds is given: a host whose speed changes between rounds (this
 * development VM's changed fourfold from one minute to the next) then moves the row and its baseline alike,
 * where a ratio of the whole-run figures would compare a fast stretch of one with a slow stretch of the other.
 *
 * @param transport        the transport's name
 * @param payload          the payload asked for, in bytes
 * @param carried          the payload bytes each message actually carried (MB/s counts these)
 * @param samples          round trips recorded, over all rounds
 * @param p50              round-trip time percentiles and maximum, nanoseconds
 * @param meanNanos        mean round-trip time, nanoseconds
 * @param rttVsRaw         this row's p50 over raw's at the same payload and round, median of the rounds
 *                         (1 = the host's limit)
 * @param messages         one-way messages over all rounds (0 without a queue)
 * @param messagesPerSecond one-way throughput, the median of the rounds' rates
 * @param megabytesPerSecond {@code messagesPerSecond} times {@code carried}, in 10^6 bytes per second
 * @param vsDisruptor      this row's one-way rate over the disruptor's at the same payload and round, median of
 *                         the rounds (above 1 is faster)
 * @param roundRates       each round's one-way rate, messages per second, in round order
 */
public record Row(String transport, int payload, int carried, long samples, long p50, long p90, long p99, long p999,
                  long max, double meanNanos, double rttVsRaw, long messages, double messagesPerSecond,
                  double megabytesPerSecond, double vsDisruptor, List<Double> roundRates) {
    public Row {
        roundRates = List.copyOf(roundRates);
    }

    /** The rows of an outcome, payload by payload, each with its ratios to the baselines at the same payload. */
    public static List<Row> of(IpcBench.Outcome outcome) {
        List<Row> rows = new ArrayList<>();
        for (Measurement m : outcome.measurements()) {
            Measurement raw = baseline(outcome, Transports.RTT_BASELINE, m.payload());
            Measurement disruptor = baseline(outcome, Transports.THROUGHPUT_BASELINE, m.payload());
            Histogram h = m.allRoundTrips();
            double rate = median(rates(m));
            int carried = m.transport().carriedBytes(m.payload());
            rows.add(new Row(m.transport().name(), m.payload(), carried, h.getTotalCount(), h.getValueAtPercentile(50),
                    h.getValueAtPercentile(90), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue(),
                    h.getTotalCount() == 0 ? Double.NaN : h.getMean(), raw == null ? Double.NaN : median(ratios(p50s(m), p50s(raw))),
                    m.messages() * m.oneWayNanos().size(), rate, rate * carried / 1e6,
                    disruptor == null ? Double.NaN : median(ratios(rates(m), rates(disruptor))), rates(m)));
        }
        return rows;
    }

    private static Measurement baseline(IpcBench.Outcome outcome, String name, int payload) {
        return outcome.measurements().stream()
                .filter(m -> m.transport().name().equals(name) && m.payload() == payload)
                .findFirst().orElse(null);
    }

    private static List<Double> rates(Measurement m) {
        return m.oneWayNanos().stream().map(nanos -> m.messages() * 1e9 / nanos).toList();
    }

    private static List<Double> p50s(Measurement m) {
        return m.roundTrips().stream().map(h -> (double) h.getValueAtPercentile(50)).toList();
    }

    /** Round by round, {@code values} over {@code baseline} (the two lists have a value per round). */
    private static List<Double> ratios(List<Double> values, List<Double> baseline) {
        List<Double> ratios = new ArrayList<>();
        for (int round = 0; round < Math.min(values.size(), baseline.size()); round++) {
            ratios.add(values.get(round) / baseline.get(round));
        }
        return ratios;
    }

    /** The median; NaN of none. */
    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** Whether this row carried less payload than was asked (the table marks it). */
    public boolean carriesOtherPayload() {
        return carried != payload && carried != 0;
    }
}
