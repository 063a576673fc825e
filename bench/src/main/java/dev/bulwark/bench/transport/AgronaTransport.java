package dev.bulwark.bench.transport;

import org.HdrHistogram.Histogram;
import org.agrona.BitUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RecordDescriptor;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * {@code agrona}: a pair of Agrona {@link OneToOneRingBuffer}s in direct (off-heap) memory, the bytes written
 * natively: a record is Agrona's 8-byte header, the 8-byte sequence number, then the payload.
 * <pre>
 *   record:  [ length | type ][ seq (8) ][ payload ... ][ pad to 8 ]
 * </pre>
 * The sender claims a record ({@code tryClaim}), writes into the buffer and commits it (a release store of
 * the length); the receiver's {@code read} copies out in its handler, then zeroes the records and advances
 * the head (a release) once per batch. A ring's size is a power of two in bytes: the smallest that holds
 * {@code capacity} records, so it can hold more than {@code capacity} messages of small payloads.
 */
public final class AgronaTransport implements Transport {
    private static final int MESSAGE_TYPE = 1;

    @Override
    public String name() {
        return "agrona";
    }

    @Override
    public String note() {
        return "org.agrona.concurrent.ringbuffer.OneToOneRingBuffer in direct memory; its size is a power of two in bytes, "
                + "so it can hold a little more than the queue capacity of messages";
    }

    @Override
    public Link open(Setup setup) {
        return new Pair(setup);
    }

    /**
     * Bytes of ring for {@code capacity} records of {@code payloadBytes}: a power of two, at least eight records
     * (Agrona refuses a message longer than an eighth of its ring), plus Agrona's trailer.
     */
    static int ringBytes(int capacity, int payloadBytes) {
        int record = BitUtil.align(RecordDescriptor.HEADER_LENGTH + Long.BYTES + payloadBytes, RecordDescriptor.ALIGNMENT);
        return BitUtil.findNextPositivePowerOfTwo(Math.multiplyExact(Math.max(capacity, 8), record))
                + RingBufferDescriptor.TRAILER_LENGTH;
    }

    /** The two rings, and each receiver's handler. */
    static final class Pair implements Link, RoundTrip, OneWay {
        private final OneToOneRingBuffer there;
        private final OneToOneRingBuffer back;
        private final int payloadBytes;
        private final byte[] payload;          // initiator's source
        private final Receiver atInitiator;
        private final Receiver atResponder;

        Pair(Setup setup) {
            payloadBytes = setup.payloadBytes();
            int bytes = ringBytes(setup.capacity(), payloadBytes);
            there = new OneToOneRingBuffer(new UnsafeBuffer(ByteBuffer.allocateDirect(bytes)));
            back = new OneToOneRingBuffer(new UnsafeBuffer(ByteBuffer.allocateDirect(bytes)));
            payload = setup.pattern();
            atInitiator = new Receiver(payloadBytes);
            atResponder = new Receiver(payloadBytes);
        }

        @Override
        public RoundTrip roundTrip() {
            return this;
        }

        @Override
        public Optional<OneWay> oneWay() {
            return Optional.of(this);
        }

        /** Claims a record on {@code ring}, spinning while it is full, writes message {@code seq} and commits it. */
        private void send(OneToOneRingBuffer ring, long seq, byte[] from) {
            int index;
            while ((index = ring.tryClaim(MESSAGE_TYPE, Long.BYTES + payloadBytes)) < 0) {
                Thread.onSpinWait();
            }
            MutableDirectBuffer buffer = ring.buffer();
            buffer.putLong(index, seq);
            buffer.putBytes(index + Long.BYTES, from, 0, payloadBytes);
            ring.commit(index);
        }

        @Override
        public void ping(int count, Histogram rtt) {
            for (long n = 1; n <= count; n++) {
                long start = System.nanoTime();
                send(there, n, payload);
                while (back.read(atInitiator, 1) == 0) {
                    Thread.onSpinWait();
                }
                rtt.recordValue(System.nanoTime() - start);
                if (atInitiator.seq != n) {
                    throw Mismatch.answer("agrona", n, atInitiator.seq);
                }
            }
        }

        @Override
        public void pong(int count) {
            for (int i = 0; i < count; i++) {
                while (there.read(atResponder, 1) == 0) {
                    Thread.onSpinWait();
                }
                send(back, atResponder.seq, atResponder.copy);
            }
        }

        @Override
        public void produce(long count) {
            for (long n = 1; n <= count; n++) {
                send(there, n, payload);
            }
        }

        /** Reads in batches, as Agrona is meant to be read: one head update for all the records found. */
        @Override
        public void consume(long count) {
            atResponder.expected = 1;
            for (long received = 0; received < count; ) {
                int read = there.read(atResponder, (int) Math.min(count - received, Integer.MAX_VALUE));
                if (read == 0) {
                    Thread.onSpinWait();
                }
                received += read;
            }
            atResponder.expected = 0;
        }
    }

    /**
     * A receiving side's handler: copies each record's payload out and keeps its sequence number; while
     * {@code expected} is not 0 (a one-way run), it also checks each record is the one expected next.
     * Used by one thread.
     */
    static final class Receiver implements MessageHandler {
        final byte[] copy;
        long seq;
        long expected;

        Receiver(int payloadBytes) {
            copy = new byte[payloadBytes];
        }

        @Override
        public void onMessage(int msgTypeId, MutableDirectBuffer buffer, int index, int length) {
            seq = buffer.getLong(index);
            buffer.getBytes(index + Long.BYTES, copy, 0, copy.length);
            if (expected != 0) {
                if (seq != expected) {
                    throw Mismatch.order("agrona", expected, seq); // read() still frees the records handled so far
                }
                expected++;
            }
        }
    }
}
