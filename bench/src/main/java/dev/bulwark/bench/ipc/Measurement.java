package dev.bulwark.bench.ipc;

import dev.bulwark.bench.transport.Transport;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Everything measured of one transport at one payload size: per round, the histogram of its round trips
 * (nanoseconds, stamped with the round's wall-clock start and end) and the time its one-way messages took.
 * Filled by the run's coordinating thread, between measurements.
 */
public final class Measurement {
    /** Round trips longer than an hour are beyond any transport worth measuring: the histograms' top. */
    static final long HIGHEST_NANOS = 3_600_000_000_000L;
    /** Three significant digits: a percentile is within 0.1% of the value recorded. */
    static final int DIGITS = 3;

    private final Transport transport;
    private final int payload;
    private final int roundTripsPerRound;
    private final long messages;
    private final List<Histogram> roundTrips = new ArrayList<>();
    private final List<Long> oneWayNanos = new ArrayList<>();

    Measurement(Transport transport, int payload, int roundTripsPerRound, long messages) {
        this.transport = transport;
        this.payload = payload;
        this.roundTripsPerRound = roundTripsPerRound;
        this.messages = messages;
    }

    /** An empty histogram for one round's round trips. */
    static Histogram newHistogram() {
        return new Histogram(1, HIGHEST_NANOS, DIGITS);
    }

    /** Adds one round: its round trips, and how long its one-way messages took (none for a transport without a queue). */
    void addRound(Histogram rtt, OptionalLong oneWayNanos) {
        roundTrips.add(rtt);
        oneWayNanos.ifPresent(this.oneWayNanos::add);
    }

    /** Keeps the first {@code rounds} rounds only (an interrupted run reports the rounds every transport completed). */
    void keepRounds(int rounds) {
        while (roundTrips.size() > rounds) {
            roundTrips.removeLast();
        }
        while (oneWayNanos.size() > rounds) {
            oneWayNanos.removeLast();
        }
    }

    public Transport transport() {
        return transport;
    }

    public int payload() {
        return payload;
    }

    /** Round trips per round. */
    public int roundTripsPerRound() {
        return roundTripsPerRound;
    }

    /** One-way messages per round. */
    public long messages() {
        return messages;
    }

    /** One histogram per round, in round order. */
    public List<Histogram> roundTrips() {
        return List.copyOf(roundTrips);
    }

    /** All rounds' round trips in one histogram. */
    public Histogram allRoundTrips() {
        Histogram all = newHistogram();
        roundTrips.forEach(all::add);
        return all;
    }

    /** Nanoseconds each round's one-way messages took; empty for a transport without a queue. */
    public List<Long> oneWayNanos() {
        return List.copyOf(oneWayNanos);
    }
}
