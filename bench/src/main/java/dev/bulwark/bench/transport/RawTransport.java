package dev.bulwark.bench.transport;

import org.HdrHistogram.Histogram;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Optional;

/**
 * {@code raw}: two threads bouncing one cache line, the host's physical limit for a round trip. The line
 * holds one {@code long}: the initiator writes {@code n}, the responder, seeing {@code n}, writes {@code -n},
 * and the initiator, seeing {@code -n}, sends {@code n + 1}. No payload and no queue, so its figure does not
 * depend on the payload size and it has no throughput; every other row pays at least this.
 *
 * <p>Ordering: each write is a release store and each wait an acquire load: the least a hand-over between
 * two threads needs, and what JCTools, Agrona and the Disruptor publish with. The value sits between two
 * 128-byte pads (by inheritance, as JCTools pads, since the JVM keeps a superclass's fields first), so no
 * other object shares its line or the adjacent one the prefetcher pairs with it.
 */
public final class RawTransport implements Transport {
    @Override
    public String name() {
        return "raw";
    }

    @Override
    public String note() {
        return "one cache line bounced between the two threads (a padded long: ping writes n, pong answers -n): "
                + "the host's physical limit for a round trip; it carries no payload, so its figure is the same for every "
                + "payload size, and it has no queue, so no throughput";
    }

    @Override
    public int carriedBytes(int payload) {
        return 0;
    }

    @Override
    public Link open(Setup setup) {
        return new Line();
    }

    abstract static class PadBefore {
        long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
    }

    abstract static class Value extends PadBefore {
        volatile long value;
    }

    /** The bounced line, and both sides of the round trip. */
    static final class Line extends Value implements Link, RoundTrip {
        private static final VarHandle VALUE;

        static {
            try {
                VALUE = MethodHandles.lookup().findVarHandle(Value.class, "value", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        long p16, p17, p18, p19, p20, p21, p22, p23, p24, p25, p26, p27, p28, p29, p30, p31;

        @Override
        public RoundTrip roundTrip() {
            return this;
        }

        @Override
        public Optional<OneWay> oneWay() {
            return Optional.empty();
        }

        @Override
        public void ping(int count, Histogram rtt) {
            long last = -(long) VALUE.getAcquire(this); // 0, or the previous ping's last answer
            for (int i = 1; i <= count; i++) {
                long n = last + i;
                long start = System.nanoTime();
                VALUE.setRelease(this, n);
                while ((long) VALUE.getAcquire(this) != -n) {
                    Thread.onSpinWait();
                }
                rtt.recordValue(System.nanoTime() - start);
            }
        }

        @Override
        public void pong(int count) {
            for (int i = 0; i < count; i++) {
                long n;
                while ((n = (long) VALUE.getAcquire(this)) <= 0) {
                    Thread.onSpinWait();
                }
                VALUE.setRelease(this, -n);
            }
        }
    }
}
