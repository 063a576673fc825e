package dev.bulwark.bench.transport;

import dev.bulwark.hw.clock.NanoClock;
import dev.bulwark.ipc.Claim;
import dev.bulwark.ipc.Message;
import dev.bulwark.ipc.channel.Channel;
import dev.bulwark.ipc.channel.InPort;
import dev.bulwark.hw.core.Lease;
import dev.bulwark.ipc.channel.OutPort;
import org.HdrHistogram.Histogram;

import java.util.Optional;

/**
 * {@code channel}: Bulwark's own channels, port to port, thread to thread, as two kernels use them: the
 * initiator holds one lease (its incarnation's) for its send port on {@code there} and its receive port on
 * {@code back}, the responder another for the opposite ends. Frames live off-heap in each channel's own
 * region, as on the chip.
 *
 * <p>Sending claims the next frame, copies the payload into it, writes the message number over its first 8
 * bytes and commits (which stamps sender, incarnation, sequence and send time and seals the frame with its
 * CRC-32C). Receiving polls (which checks the seal), copies the whole payload out, reads the number and calls
 * {@code handled()}. Every port operation runs inside its lease, as in a sandbox.
 *
 * <p>The message number needs 8 bytes, so a payload below 8 bytes travels as 8 ({@link #carriedBytes}).
 */
public final class ChannelTransport implements Transport {
    private static final int MESSAGE_TYPE = 1;
    private static final int INITIATOR = 1;
    private static final int RESPONDER = 2;

    @Override
    public String name() {
        return "channel";
    }

    @Override
    public String note() {
        return "Bulwark's channel ports (claim, copy in, commit; poll, copy out, handled), thread to thread, frames "
                + "checksummed in off-heap chip memory; a payload under 8 B travels as 8 (the message number)";
    }

    @Override
    public int carriedBytes(int payload) {
        return Math.max(Long.BYTES, payload);
    }

    @Override
    public Link open(Setup setup) {
        return new Pair(setup.capacity(), carriedBytes(setup.payloadBytes()));
    }

    /** The two channels, the four ports bound to the two sides' leases, and each side's copy of the payload. */
    static final class Pair implements Link, RoundTrip, OneWay {
        private final OutPort initiatorOut;
        private final InPort initiatorIn;
        private final OutPort responderOut;
        private final InPort responderIn;
        private final byte[] payload;       // initiator's source
        private final byte[] initiatorCopy;
        private final byte[] responderCopy; // responder's copy, sent back as it came

        Pair(int capacity, int bytes) {
            Channel there = Channel.allocate(1, "initiator", "responder", capacity, bytes, NanoClock.SYSTEM);
            Channel back = Channel.allocate(2, "responder", "initiator", capacity, bytes, NanoClock.SYSTEM);
            Lease initiator = new Lease("initiator");
            Lease responder = new Lease("responder");
            initiatorOut = there.producer(INITIATOR, 1, initiator);
            initiatorIn = back.consumer(initiator);
            responderOut = back.producer(RESPONDER, 1, responder);
            responderIn = there.consumer(responder);
            payload = new Setup(bytes, capacity).pattern();
            initiatorCopy = new byte[bytes];
            responderCopy = new byte[bytes];
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
                send(initiatorOut, n, payload);
                long answer = receive(initiatorIn, initiatorCopy);
                rtt.recordValue(System.nanoTime() - start);
                if (answer != n) {
                    throw Mismatch.answer("channel", n, answer);
                }
            }
        }

        @Override
        public void pong(int count) {
            for (int i = 0; i < count; i++) {
                long n = receive(responderIn, responderCopy);
                send(responderOut, n, responderCopy);
            }
        }

        @Override
        public void produce(long count) {
            for (long n = 1; n <= count; n++) {
                send(initiatorOut, n, payload);
            }
        }

        @Override
        public void consume(long count) {
            for (long n = 1; n <= count; n++) {
                long got = receive(responderIn, responderCopy);
                if (got != n) {
                    throw Mismatch.order("channel", n, got);
                }
            }
        }

        /** Claims the next frame (spinning while the channel is full), copies {@code bytes} in, numbers it, commits. */
        private static void send(OutPort out, long n, byte[] bytes) {
            Claim claim;
            while ((claim = out.claim(MESSAGE_TYPE)) == null) {
                Thread.onSpinWait();
            }
            claim.putBytes(0, bytes, 0, bytes.length).putLong(0, n).commit();
        }

        /** Waits for the next message, copies its payload into {@code into}, marks it handled; returns its number. */
        private static long receive(InPort in, byte[] into) {
            Message message;
            while ((message = in.poll()) == null) {
                Thread.onSpinWait();
            }
            message.getBytes(0, into, 0, into.length);
            long n = message.getLong(0);
            in.handled();
            return n;
        }
    }
}
