package dev.bulwark.bench.transport;

import org.HdrHistogram.Histogram;
import org.jctools.queues.varhandle.SpscVarHandleArrayQueue;

import java.util.Optional;

/**
 * {@code jctools}: a bare pair of JCTools {@link SpscVarHandleArrayQueue}s (the queue Bulwark's channels are
 * built on) carrying preallocated {@link Slot}s: {@code there} from initiator to responder, {@code back} the
 * other way. {@code offer} publishes the slot with an ordered (release) store of the element; {@code poll}
 * loads it with an acquire.
 */
public final class JctoolsTransport implements Transport {
    @Override
    public String name() {
        return "jctools";
    }

    @Override
    public String note() {
        return "";
    }

    @Override
    public Link open(Setup setup) {
        return new Pair(setup);
    }

    /** The two queues, their producers' slot pools, and each side's copy of the payload. */
    static final class Pair implements Link, RoundTrip, OneWay {
        private final SpscVarHandleArrayQueue<Slot> there;
        private final SpscVarHandleArrayQueue<Slot> back;
        private final Slots thereSlots; // initiator's
        private final Slots backSlots;  // responder's
        private final byte[] payload;   // initiator's source
        private final byte[] initiatorCopy;
        private final byte[] responderCopy;

        Pair(Setup setup) {
            there = new SpscVarHandleArrayQueue<>(setup.capacity());
            back = new SpscVarHandleArrayQueue<>(setup.capacity());
            thereSlots = new Slots(there.capacity(), setup.payloadBytes());
            backSlots = new Slots(back.capacity(), setup.payloadBytes());
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
                    throw Mismatch.answer("jctools", n, answer);
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
                    throw Mismatch.order("jctools", n, got);
                }
            }
        }
    }
}
