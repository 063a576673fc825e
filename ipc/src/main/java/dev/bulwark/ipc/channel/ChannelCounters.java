package dev.bulwark.ipc.channel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A channel's counters, one 128-byte block per writer so that no two writers ever share a cache line (or
 * the pair of lines the adjacent-line prefetcher fetches together):
 * <pre>
 *   long[]:  [ pad 16 ][ sent refused .. (producer) ][ received handled corrupted outOfSeq .. (consumer) ][ lost .. (monitor) ][ pad ]
 *   index:     0..15     16     17                     32       33      34                         48                  64..79
 * </pre>
 * Every access names its ordering (see {@code package-info}): a counter's writer reads it {@code plain} and
 * publishes it with a {@code release} store; any other thread reads it with an {@code acquire} load and
 * sees a recent value.
 */
final class ChannelCounters {
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);

    static final int SENT = 16;
    static final int REFUSED = 17;
    static final int RECEIVED = 32;
    static final int HANDLED = 33;
    static final int CORRUPTED = 34;
    static final int OUT_OF_SEQUENCE = 35;
    static final int LOST = 48;

    private final long[] slots = new long[80];

    long plain(int counter) {
        return slots[counter];
    }

    long acquire(int counter) {
        return (long) SLOT.getAcquire(slots, counter);
    }

    void release(int counter, long value) {
        SLOT.setRelease(slots, counter, value);
    }

    /** Messages handled, corrupted or counted lost: their frames are free again (acquire loads). */
    long released() {
        return acquire(HANDLED) + acquire(CORRUPTED) + acquire(LOST);
    }
}
