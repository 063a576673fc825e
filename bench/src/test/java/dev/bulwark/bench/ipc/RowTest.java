package dev.bulwark.bench.ipc;

import dev.bulwark.bench.transport.Transport;
import dev.bulwark.bench.transport.Transports;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The figures and ratios of each row, from measurements made up here. */
class RowTest {
    private static final long MESSAGES = 1_000_000;

    /** Three rounds with a p50 of {@code p50Nanos} each, and the given one-way times (none: no queue). */
    private static Measurement measured(String transport, int payload, long p50Nanos, long... oneWayNanos) {
        return measured(transport, payload, new long[] {p50Nanos, p50Nanos, p50Nanos}, oneWayNanos);
    }

    /** A round per p50 given, each 100 round trips: 60 at its p50, 39 at twice that, one at 100 times. */
    private static Measurement measured(String transport, int payload, long[] p50Nanos, long... oneWayNanos) {
        Transport t = Transports.named(transport).orElseThrow();
        Measurement m = new Measurement(t, payload, 100, MESSAGES);
        for (int round = 0; round < p50Nanos.length; round++) {
            Histogram h = Measurement.newHistogram();
            h.recordValueWithCount(p50Nanos[round], 60);     // p50
            h.recordValueWithCount(p50Nanos[round] * 2, 39); // p90, p99
            h.recordValue(p50Nanos[round] * 100);           // max
            m.addRound(h, oneWayNanos.length == 0 ? OptionalLong.empty() : OptionalLong.of(oneWayNanos[round]));
        }
        return m;
    }

    private static IpcBench.Outcome outcome(List<Measurement> measurements) {
        List<Transport> transports = measurements.stream().map(Measurement::transport).distinct().toList();
        List<Integer> payloads = measurements.stream().map(Measurement::payload).distinct().toList();
        Plan plan = new Plan(transports, payloads, 3, 100, MESSAGES, 0, 0, Plan.UNCAPPED, Plan.CAPACITY, false);
        return new IpcBench.Outcome(Host.current(), plan, Pinning.notAsked(), measurements, 3, false);
    }

    @Test
    void ratiosAreToRawsMedianAndTheDisruptorsRateAtTheSamePayload() {
        List<Row> rows = Row.of(outcome(List.of(
                measured("raw", 16, 100),
                measured("disruptor", 16, 300, 40_000_000, 50_000_000, 60_000_000), // 25, 20, 16.7 M msg/s
                measured("jctools", 16, 250, 200_000_000, 100_000_000, 100_000_000), // 5, 10, 10 M msg/s
                measured("raw", 4, 200),
                measured("disruptor", 4, 400, 100_000_000, 100_000_000, 100_000_000),
                measured("channel", 4, 600, 50_000_000, 50_000_000, 50_000_000))));

        Row jctools = rows.get(2);
        assertEquals("jctools", jctools.transport());
        assertEquals(250, jctools.p50(), 250 * 0.001);
        assertEquals(2.5, jctools.rttVsRaw(), 0.01);
        assertEquals(10e6, jctools.messagesPerSecond(), 1);
        assertEquals(10e6 * 16 / 1e6, jctools.megabytesPerSecond(), 0.001);
        assertEquals(0.5, jctools.vsDisruptor(), 0.0001, "round by round 0.2, 0.5, 0.6: the median");
        assertEquals(List.of(5e6, 10e6, 10e6), jctools.roundRates());
        assertEquals(3 * MESSAGES, jctools.messages());
        assertEquals(300, jctools.samples());
        assertEquals(500, jctools.p90());
        assertEquals(250 * 100, jctools.max(), 25);
        assertEquals(1, rows.get(0).rttVsRaw());

        Row channel = rows.get(5);
        assertEquals(3.0, channel.rttVsRaw(), 0.01, "against raw at 4 B, not at 16 B");
        assertEquals(2.0, channel.vsDisruptor(), 0.0001);
        assertEquals(8, channel.carried(), "the message number takes 8 bytes");
        assertEquals(20e6 * 8 / 1e6, channel.megabytesPerSecond(), 0.001, "MB/s counts what it carried");
        assertTrue(channel.carriesOtherPayload());

        Row raw = rows.get(0);
        assertTrue(Double.isNaN(raw.messagesPerSecond()) && Double.isNaN(raw.vsDisruptor()), "raw has no throughput");
        assertEquals(0, raw.messages());
    }

    /**
     * The host slows fourfold after raw's second round (this VM does such things): round by round jctools takes 3
     * times raw, though its p50 over all rounds (1,200) is 6 times raw's (200).
     */
    @Test
    void aRatioComparesEachRoundWithTheBaselineOfTheSameRound() {
        List<Row> rows = Row.of(outcome(List.of(
                measured("raw", 16, new long[] {100, 100, 400}),
                measured("disruptor", 16, new long[] {200, 800, 800}, 10_000_000, 40_000_000, 40_000_000),
                measured("jctools", 16, new long[] {300, 1_200, 1_200}, 20_000_000, 80_000_000, 80_000_000))));
        Row jctools = rows.get(2);
        assertEquals(1_200, jctools.p50(), 1);
        assertEquals(200, rows.get(0).p50(), 1);
        assertEquals(3.0, jctools.rttVsRaw(), 0.01);
        assertEquals(0.5, jctools.vsDisruptor(), 0.0001);
    }

    @Test
    void aRatioWithoutItsBaselineIsNotAFigure() {
        List<Row> rows = Row.of(outcome(List.of(measured("jctools", 16, 250, 100_000_000, 100_000_000, 100_000_000))));
        assertTrue(Double.isNaN(rows.getFirst().rttVsRaw()));
        assertTrue(Double.isNaN(rows.getFirst().vsDisruptor()));
        assertEquals(10e6, rows.getFirst().messagesPerSecond(), 1);
    }
}
