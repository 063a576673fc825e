package dev.bulwark.sandbox.kernel;

import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * The one-shot timers of one app: parallel arrays of deadline and id, scanned on every pass (apps keep a
 * handful). Heap state, so it is lost with its incarnation. Owned by the kernel thread.
 */
final class Timers {
    private long[] deadlines = new long[8];
    private long[] ids = new long[8];
    private int count;

    void add(long deadlineNanos, long id) {
        if (count == deadlines.length) {
            deadlines = Arrays.copyOf(deadlines, count * 2);
            ids = Arrays.copyOf(ids, count * 2);
        }
        deadlines[count] = deadlineNanos;
        ids[count] = id;
        count++;
    }

    /**
     * Fires every timer due at {@code now}, removing each before calling {@code onFire}. Timers that a
     * callback adds wait for the next pass, so a zero-delay timer cannot starve the loop.
     */
    int fire(long now, LongConsumer onFire) {
        int fired = 0;
        for (int i = count - 1; i >= 0; i--) {
            if (i < count && deadlines[i] - now <= 0) {
                long id = ids[i];
                count--;
                deadlines[i] = deadlines[count];
                ids[i] = ids[count];
                onFire.accept(id);
                fired++;
            }
        }
        return fired;
    }

    /** The earliest deadline, or {@link Long#MAX_VALUE} if no timer is set. */
    long nextDeadline() {
        long next = Long.MAX_VALUE;
        for (int i = 0; i < count; i++) {
            if (next == Long.MAX_VALUE || deadlines[i] - next < 0) {
                next = deadlines[i];
            }
        }
        return next;
    }

    void clear() {
        count = 0;
    }

    int size() {
        return count;
    }
}
