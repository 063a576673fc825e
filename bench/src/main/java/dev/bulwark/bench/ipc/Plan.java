package dev.bulwark.bench.ipc;

import dev.bulwark.bench.transport.Setup;
import dev.bulwark.bench.transport.Transport;

import java.util.List;

/**
 * What one run of {@code bulwark bench ipc} measures, and how much.
 *
 * @param transports       the rows, in table order
 * @param payloads         payload sizes in bytes, in the order given
 * @param rounds           how many times each transport is measured per payload, interleaved: round {@code r}
 *                         measures every transport once, in turn, before round {@code r + 1} begins
 * @param roundTrips       round trips per transport, payload and round (each one a histogram sample)
 * @param messages         one-way messages per transport, payload and round
 * @param warmupRoundTrips round trips per transport and payload before the first round, unrecorded
 * @param warmupMessages   one-way messages per transport and payload before the first round, untimed
 * @param payloadBytesCap  the most payload one measurement moves: at large payloads each count above shrinks to fit
 *                         (a round trip moves the payload twice), so a 64 KiB run ends in minutes, not hours;
 *                         {@link #UNCAPPED} where the user gave the counts
 * @param capacity         messages a one-way queue holds
 * @param pin              whether to pin the two threads to two CPUs
 */
public record Plan(List<Transport> transports, List<Integer> payloads, int rounds, int roundTrips, long messages,
                   int warmupRoundTrips, long warmupMessages, long payloadBytesCap, int capacity, boolean pin) {
    /** The queue size the brief asks for: a channel's default capacity. */
    public static final int CAPACITY = 1024;
    /** No cap: every payload gets the counts as given. */
    public static final long UNCAPPED = Long.MAX_VALUE;

    public Plan {
        transports = List.copyOf(transports);
        payloads = List.copyOf(payloads);
        if (transports.isEmpty() || payloads.isEmpty() || rounds < 1 || roundTrips < 1 || messages < 1
                || warmupRoundTrips < 0 || warmupMessages < 0 || payloadBytesCap < 1) {
            throw new IllegalArgumentException("a plan needs transports, payloads, and positive counts: " + this);
        }
        payloads.forEach(p -> new Setup(p, capacity)); // checks each size
    }

    /** Round trips per transport and round at {@code payload}. */
    public int roundTripsAt(int payload) {
        return (int) capped(roundTrips, 2L * payload);
    }

    /** One-way messages per transport and round at {@code payload}. */
    public long messagesAt(int payload) {
        return capped(messages, payload);
    }

    int warmupRoundTripsAt(int payload) {
        return (int) capped(warmupRoundTrips, 2L * payload);
    }

    long warmupMessagesAt(int payload) {
        return capped(warmupMessages, payload);
    }

    /** {@code count}, or as many as fit the cap when each moves {@code bytesEach} (at least one; none stays none). */
    private long capped(long count, long bytesEach) {
        return count == 0 ? 0 : Math.max(1, Math.min(count, payloadBytesCap / bytesEach));
    }

    /** How many transport measurements the run makes: warm-ups and rounds, for the progress bar. */
    int steps() {
        return (rounds + 1) * transports.size() * payloads.size();
    }
}
