package dev.bulwark.bench.transport;

import org.HdrHistogram.Histogram;

import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * {@code abq}: a pair of {@link ArrayBlockingQueue}s carrying preallocated {@link Slot}s, what a Java
 * programmer would pick. Busy-spinning like every row: {@code offer} and {@code poll} in a loop (not the
 * blocking {@code put} and {@code take}, which park and wait to be woken); each call takes the queue's one
 * lock, whose release and acquire order the slot's fields.
 */
public final class AbqTransport implements Transport {
    @Override
    public String name() {
        return "abq";
    }

    @Override
    public String note() {
        return "java.util.concurrent.ArrayBlockingQueue, offer and poll in a spin loop: every call, even a poll that "
                + "finds it empty, takes the queue's lock";
    }

    @Override
    public Link open(Setup setup) {
        return new Pair(setup);
    }

    /** The two queues, their producers' slot pools, and each side's copy of the payload. */
    static final class Pair implements Link, RoundTrip, OneWay {
        private final ArrayBlockingQueue<Slot> there;
        private final ArrayBlockingQueue<Slot> back;
        private final Slots thereSlots; // initiator's
        private final Slots backSlots;  // responder's
        private final byte[] payload;   // initiator's source
        private final byte[] initiatorCopy;
        private final byte[] responderCopy;

        Pair(Setup setup) {
            there = new ArrayBlockingQueue<>(setup.capacity());
            back = new ArrayBlockingQueue<>(setup.capacity());
            thereSlots = new Slots(setup.capacity(), setup.payloadBytes());
            backSlots = new Slots(setup.capacity(), setup.payloadBytes());
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
        public void ping(int count, Histogram rtt) {
            for (long n = 1; n <= count; n++) {
                long start = System.nanoTime();
                Slot out = thereSlots.next();
                out.write(n, payload);
                while (!there.offer(out)) {
                    Thread.onSpinWait();
                }
                Slot in;
                while ((in = back.poll()) == null) {
                    Thread.onSpinWait();
                }
                long answer = in.read(initiatorCopy);
                rtt.recordValue(System.nanoTime() - start);
                if (answer != n) {
                    throw Mismatch.answer("abq", n, answer);
                }
            }
        }

        @Override
        public void pong(int count) {
            for (int i = 0; i < count; i++) {
                Slot in;
                while ((in = there.poll()) == null) {
                    Thread.onSpinWait();
                }
                long n = in.read(responderCopy);
                Slot out = backSlots.next();
                out.write(n, responderCopy);
                while (!back.offer(out)) {
                    Thread.onSpinWait();
                }
            }
        }

        @Override
        public void produce(long count) {
            for (long n = 1; n <= count; n++) {
                Slot out = thereSlots.next();
                out.write(n, payload);
                while (!there.offer(out)) {
                    Thread.onSpinWait();
                }
            }
        }

        @Override
        public void consume(long count) {
            for (long n = 1; n <= count; n++) {
                Slot in;
                while ((in = there.poll()) == null) {
                    Thread.onSpinWait();
                }
                long got = in.read(responderCopy);
                if (got != n) {
                    throw Mismatch.order("abq", n, got);
                }
            }
        }
    }
}
