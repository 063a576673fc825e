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
 * @param capacity         messages a one-way queue holds
 * @param pin              whether to pin the two threads to two CPUs
 */
public record Plan(List<Transport> transports, List<Integer> payloads, int rounds, int roundTrips, long messages,
                   int warmupRoundTrips, long warmupMessages, int capacity, boolean pin) {
    /** The queue size the brief asks for: a channel's default capacity. */
    public static final int CAPACITY = 1024;

    public Plan {
        transports = List.copyOf(transports);
        payloads = List.copyOf(payloads);
        if (transports.isEmpty() || payloads.isEmpty() || rounds < 1 || roundTrips < 1 || messages < 1
                || warmupRoundTrips < 0 || warmupMessages < 0) {
            throw new IllegalArgumentException("a plan needs transports, payloads, and positive counts: " + this);
        }
        payloads.forEach(p -> new Setup(p, capacity)); // checks each size
    }

    /** How many transport measurements the run makes: warm-ups and rounds, for the progress bar. */
    int steps() {
        return (rounds + 1) * transports.size() * payloads.size();
    }
}
