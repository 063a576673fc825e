package dev.bulwark.drill.workload;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;

/**
 * When a workload succeeded, kept in bounded memory: the exact times of its last {@link #RECENT} successes, every
 * gap between consecutive successes longer than its {@code floor} (up to {@link #MAX_GAPS} of them, none older than
 * {@link #RETENTION_NANOS} behind the latest success), and its first and latest success. That answers
 * {@link Workload#firstSuccessAfter} exactly for a moment among the recent successes, and otherwise to within the
 * floor (inside a run of successes closer together than the floor it answers the moment asked about itself); and
 * {@link Workload#longestGap} exactly for every gap longer than the floor (shorter ones count as no pause).
 *
 * <pre>
 *   successes:  s0 ... | gap (start, end] longer than floor | ... s_last
 *   recent:     ring of the last RECENT success times, oldest at (next - count) mod RECENT
 * </pre>
 *
 * <p>Threading: {@link #succeeded} is called by one thread at a time (the workload's client or checker), the
 * queries by any thread; all of it is guarded by this object's lock, held for O(log RECENT + gaps) at most.
 */
final class SuccessTimeline {
    static final int RECENT = 8192;
    static final int MAX_GAPS = 100_000;
    static final long RETENTION_NANOS = 5L * 60 * 1_000_000_000;
    static final long NONE = -1;

    private final long floorNanos;
    private final long[] recent = new long[RECENT];
    private int next;
    private int count;
    private final ArrayDeque<long[]> gaps = new ArrayDeque<>();
    private long first = NONE;
    private long last = NONE;

    /** @param floorNanos gaps at most this long are not kept (a pause too short to matter, e.g. 1 ms) */
    SuccessTimeline(long floorNanos) {
        this.floorNanos = floorNanos;
    }

    /** A success completed at {@code nanos} (not earlier than the one before). */
    synchronized void succeeded(long nanos) {
        if (last != NONE && nanos - last > floorNanos) {
            gaps.addLast(new long[]{last, nanos});
            while (gaps.size() > MAX_GAPS || nanos - gaps.peekFirst()[1] > RETENTION_NANOS) {
                gaps.removeFirst();
            }
        }
        if (first == NONE) {
            first = nanos;
        }
        last = nanos;
        recent[next] = nanos;
        next = (next + 1) % RECENT;
        count = Math.min(count + 1, RECENT);
    }

    /** See {@link Workload#firstSuccessAfter}. */
    synchronized long firstSuccessAfter(long nanos) {
        if (last == NONE || last < nanos) {
            return NONE;
        }
        if (first >= nanos) {
            return first;
        }
        long oldest = recentAt(0);
        if (oldest <= nanos) {
            int lo = 0;
            int hi = count - 1; // recentAt(hi) = last >= nanos
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (recentAt(mid) >= nanos) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            return recentAt(lo);
        }
        for (long[] gap : gaps) {
            if (gap[0] < nanos && nanos <= gap[1]) {
                return gap[1];
            }
        }
        return nanos; // inside a run of successes closer than the floor: one came within floorNanos
    }

    /** See {@link Workload#longestGap}. */
    synchronized long longestGap(long from, long to) {
        if (to <= from) {
            return 0;
        }
        if (last == NONE || first >= to) {
            return to - from;
        }
        long longest = first > from ? first - from : 0;
        Iterator<long[]> newestFirst = gaps.descendingIterator();
        while (newestFirst.hasNext()) {
            long[] gap = newestFirst.next();
            if (gap[1] <= from) {
                break;
            }
            long clipped = Math.min(gap[1], to) - Math.max(gap[0], from);
            longest = Math.max(longest, clipped);
        }
        if (last < to) {
            longest = Math.max(longest, to - Math.max(last, from));
        }
        return longest > floorNanos ? longest : 0;
    }

    private long recentAt(int i) {
        return recent[Math.floorMod(next - count + i, RECENT)];
    }

    @Override
    public synchronized String toString() {
        return "successes " + first + ".." + last + ", " + gaps.size() + " gaps, recent "
                + Arrays.toString(Arrays.copyOf(recent, Math.min(count, 4)));
    }
}
