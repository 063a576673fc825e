package dev.bulwark.bench.transport;

import dev.bulwark.hw.clock.NanoClock;
import dev.bulwark.ipc.Channel;
import dev.bulwark.ipc.InPort;
import dev.bulwark.ipc.Lease;
import dev.bulwark.ipc.Message;
import dev.bulwark.ipc.OutPort;
import org.HdrHistogram.Histogram;

import java.util.Optional;

/**
 * {@code channel}: Bulwark's own channels, port to port, thread to thread, as two kernels use them: the
 * initiator holds one lease (its incarnation's) for its send port on {@code there} and its receive port on
 * {@code back}, the responder another for the opposite ends. Each message is {@code send(type, a, b)}, then
 * {@code poll()}, reading both words, and {@code handled()}; every port operation runs inside its lease and
 * the send stamps sender, incarnation, sequence and send time, as in a sandbox.
 *
 * <p>Today's API carries two longs per message: this row moves 16 bytes whatever payload the run asks for
 * ({@link #carriedBytes}), and the table marks it so.
 */
public final class ChannelTransport implements Transport {
    /** The two payload words: 16 bytes. */
    static final int CARRIED = 2 * Long.BYTES;
    private static final int MESSAGE_TYPE = 1;
    private static final int INITIATOR = 1;
    private static final int RESPONDER = 2;

    @Override
    public String name() {
        return "channel";
    }

    @Override
    public String note() {
        return "Bulwark's channel ports (Channel, OutPort.send, InPort.poll then handled), thread to thread; today's "
                + "API carries two longs, so the row moves 16 B whatever the payload";
    }

    @Override
    public int carriedBytes(int payload) {
        return CARRIED;
    }

    @Override
    public Link open(Setup setup) {
        return new Pair(setup.capacity());
    }

    /** The two channels and the four ports bound to the two sides' leases. */
    static final class Pair implements Link, RoundTrip, OneWay {
        private final OutPort initiatorOut;
        private final InPort initiatorIn;
        private final OutPort responderOut;
        private final InPort responderIn;

        Pair(int capacity) {
            Channel there = new Channel(1, "initiator", "responder", capacity, NanoClock.SYSTEM);
            Channel back = new Channel(2, "responder", "initiator", capacity, NanoClock.SYSTEM);
            Lease initiator = new Lease("initiator");
            Lease responder = new Lease("responder");
            initiatorOut = there.producer(INITIATOR, 1, initiator);
            initiatorIn = back.consumer(initiator);
            responderOut = back.producer(RESPONDER, 1, responder);
            responderIn = there.consumer(responder);
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
                while (!initiatorOut.send(MESSAGE_TYPE, n, ~n)) {
                    Thread.onSpinWait();
                }
                Message in;
                while ((in = initiatorIn.poll()) == null) {
                    Thread.onSpinWait();
                }
                long answer = in.a();
                long check = in.b();
                initiatorIn.handled();
                rtt.recordValue(System.nanoTime() - start);
                if (answer != n || check != ~n) {
                    throw Mismatch.answer("channel", n, answer);
                }
            }
        }

        @Override
        public void pong(int count) {
            for (int i = 0; i < count; i++) {
                Message in;
                while ((in = responderIn.poll()) == null) {
                    Thread.onSpinWait();
                }
                long a = in.a();
                long b = in.b();
                responderIn.handled();
                while (!responderOut.send(MESSAGE_TYPE, a, b)) {
                    Thread.onSpinWait();
                }
            }
        }

        @Override
        public void produce(long count) {
            for (long n = 1; n <= count; n++) {
                while (!initiatorOut.send(MESSAGE_TYPE, n, ~n)) {
                    Thread.onSpinWait();
                }
            }
        }

        @Override
        public void consume(long count) {
            for (long n = 1; n <= count; n++) {
                Message in;
                while ((in = responderIn.poll()) == null) {
                    Thread.onSpinWait();
                }
                long a = in.a();
                long b = in.b();
                responderIn.handled();
                if (a != n || b != ~n) {
                    throw Mismatch.order("channel", n, a);
                }
            }
        }
    }
}
