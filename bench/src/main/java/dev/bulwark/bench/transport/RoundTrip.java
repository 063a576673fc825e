package dev.bulwark.bench.transport;

import org.HdrHistogram.Histogram;

/**
 * Round trips with one message in flight: the initiator sends message {@code n}, the responder reads it and
 * sends it back, the initiator reads the answer; only then does message {@code n + 1} leave. Both sides
 * busy-spin while they wait, allocate nothing and touch every payload byte they receive.
 */
public interface RoundTrip {
    /**
     * Initiator thread: {@code count} round trips, each timed with {@link System#nanoTime()} from just before the
     * send to just after the answer was read, and recorded in {@code rtt} (nanoseconds). Throws
     * {@link IllegalStateException} if an answer is not the message just sent.
     */
    void ping(int count, Histogram rtt) throws Exception;

    /** Responder thread: answers {@code count} messages, each with the payload it received. */
    void pong(int count) throws Exception;
}
