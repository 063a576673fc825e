package dev.bulwark.bench.transport;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import org.HdrHistogram.Histogram;

import java.util.Optional;

/**
 * {@code disruptor}: LMAX Disruptor single-producer rings of preallocated {@link Slot}s, one each way, read
 * on our own threads as a {@code BatchEventProcessor} reads them: wait on the ring's barrier (busy-spin wait
 * strategy) for the next sequence, take every event published up to the one it returns, then advance the
 * reader's gating {@link Sequence} (a release store) once for the batch. The publisher claims with
 * {@code next()} (after spinning on {@code hasAvailableCapacity}, since a full ring makes {@code next()} park
 * for a nanosecond, really some 50 µs) and publishes by advancing the cursor (a release store).
 */
public final class DisruptorTransport implements Transport {
    @Override
    public String name() {
        return "disruptor";
    }

    @Override
    public String note() {
        return "LMAX Disruptor 1P1C rings (one each way for the round trip), busy-spin wait strategy; the baseline of "
                + "the throughput ratios";
    }

    @Override
    public Link open(Setup setup) {
        return new Pair(setup);
    }

    /** One ring, its reader's sequence and the barrier the reader waits on. */
    private record Ring(RingBuffer<Slot> buffer, Sequence read, SequenceBarrier barrier) {
        static Ring of(Setup setup) {
            RingBuffer<Slot> buffer = RingBuffer.createSingleProducer(() -> new Slot(setup.payloadBytes()),
                    setup.capacity(), new BusySpinWaitStrategy());
            Sequence read = new Sequence();
            buffer.addGatingSequences(read);
            return new Ring(buffer, read, buffer.newBarrier());
        }

        /** Publisher: message {@code seq} with a copy of {@code payload}, spinning while the ring is full. */
        void publish(long seq, byte[] payload) {
            while (!buffer.hasAvailableCapacity(1)) {
                Thread.onSpinWait();
            }
            long sequence = buffer.next();
            buffer.get(sequence).write(seq, payload);
            buffer.publish(sequence);
        }

        /** Reader: waits for the next event, copies it out into {@code into} and returns its message number. */
        long take(byte[] into) throws Exception {
            long next = read.get() + 1;
            barrier.waitFor(next);
            long seq = buffer.get(next).read(into);
            read.set(next);
            return seq;
        }
    }

    /** The two rings and each side's copy of the payload. */
    static final class Pair implements Link, RoundTrip, OneWay {
        private final Ring there;
        private final Ring back;
        private final byte[] payload;        // initiator's source
        private final byte[] initiatorCopy;
        private final byte[] responderCopy;

        Pair(Setup setup) {
            there = Ring.of(setup);
            back = Ring.of(setup);
            payload = setup.pattern();
            initiatorCopy = new byte[setup.payloadBytes()];
            responderCopy = new byte[setup.payloadBytes()];
        }

        @Override
        public RoundTrip roundTrip() {
            return this;
        }

        @Override
        public Optional<OneWay> oneWay() {
            return Optional.of(this);
        }

        @Override
        public void ping(int count, Histogram rtt) throws Exception {
            for (long n = 1; n <= count; n++) {
                long start = System.nanoTime();
                there.publish(n, payload);
                long answer = back.take(initiatorCopy);
                rtt.recordValue(System.nanoTime() - start);
                if (answer != n) {
                    throw Mismatch.answer("disruptor", n, answer);
                }
            }
        }

        @Override
        public void pong(int count) throws Exception {
            for (int i = 0; i < count; i++) {
                back.publish(there.take(responderCopy), responderCopy);
            }
        }

        @Override
        public void produce(long count) {
            for (long n = 1; n <= count; n++) {
                there.publish(n, payload);
            }
        }

        /** Takes every event published up to what the barrier returns, then advances the gating sequence once. */
        @Override
        public void consume(long count) throws Exception {
            RingBuffer<Slot> buffer = there.buffer();
            long next = there.read().get() + 1;
            long last = next + count - 1;
            for (long n = 1; n <= count; ) {
                long available = Math.min(there.barrier().waitFor(next), last);
                for (; next <= available; next++, n++) {
                    long got = buffer.get(next).read(responderCopy);
                    if (got != n) {
                        throw Mismatch.order("disruptor", n, got);
                    }
                }
                there.read().set(available);
            }
        }
    }
}
