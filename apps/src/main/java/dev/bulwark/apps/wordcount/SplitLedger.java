package dev.bulwark.apps.wordcount;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The driver's bookkeeping for one job: which splits wait for a mapper, which mapper runs which attempt at
 * which split, which reducers have acknowledged each split, and when a split must be issued again.
 *
 * <p>A split is <em>done</em> when every reducer has acknowledged it; until then the ledger keeps its bytes.
 * Each issue of a split is a new attempt (1, 2, ...). A split goes back to the head of the ready queue, to be
 * issued again with the next attempt number (to whichever mapper has room first), when
 * <ul>
 *   <li>its mapper restarted ({@link #mapperRestarted}): the mapper lost what it held, sent or not;</li>
 *   <li>it made no progress for {@code timeoutNanos} ({@link #timedOut}): no chunk of it was taken and not
 *       every reducer acknowledged it. Its mapper is then <em>suspect</em> and gets no new split while a
 *       mapper that is not suspect exists (it may be stopped for good), until it says hello again.</li>
 * </ul>
 * A mapper holds at most {@code perMapper} unfinished splits. A split issued {@code maxAttempts} times
 * without finishing fails the job ({@link #failure()}).
 *
 * <p>Not thread-safe: the driver's handlers.
 */
public final class SplitLedger {
    /** One issue of a split to a mapper, as the driver streams it. */
    public record Assignment(int split, int attempt, int mapper, byte[] bytes) {
    }

    private static final class Split {
        final int id;
        final long offset;
        final byte[] bytes;
        int attempt;
        int mapper = -1;
        long progressAt;
        final boolean[] acked;
        int acks;

        Split(int id, long offset, byte[] bytes, int reducers) {
            this.id = id;
            this.offset = offset;
            this.bytes = bytes;
            this.acked = new boolean[reducers];
        }
    }

    private final List<String> mappers;
    private final List<String> reducers;
    private final int perMapper;
    private final long timeoutNanos;
    private final int maxAttempts;
    private final Map<Integer, Split> unfinished = new LinkedHashMap<>();
    private final ArrayDeque<Split> ready = new ArrayDeque<>();
    private final int[] holding;
    private final boolean[] suspect;
    private int added;
    private long addedBytes;
    private int done;
    private int reissued;
    private String failure;

    public SplitLedger(List<String> mappers, List<String> reducers, int perMapper, long timeoutNanos, int maxAttempts) {
        this.mappers = List.copyOf(mappers);
        this.reducers = List.copyOf(reducers);
        this.perMapper = perMapper;
        this.timeoutNanos = timeoutNanos;
        this.maxAttempts = maxAttempts;
        this.holding = new int[mappers.size()];
        this.suspect = new boolean[mappers.size()];
    }

    /** A new split, next in the input; returns its id (0, 1, ...). */
    public int add(byte[] bytes) {
        int id = added++;
        Split s = new Split(id, addedBytes, bytes, reducers.size());
        addedBytes += bytes.length;
        unfinished.put(id, s);
        ready.add(s);
        return id;
    }

    /**
     * Issues the next ready split to a mapper with room, as a new attempt; null if no split is ready, no
     * mapper has room, or the job failed.
     */
    public Assignment assign(long now) {
        if (failure != null || ready.isEmpty()) {
            return null;
        }
        int m = pickMapper();
        if (m < 0) {
            return null;
        }
        Split s = ready.poll();
        if (s.attempt == maxAttempts) {
            failure = "split %d (%d bytes at byte %d) was issued %d times and never finished: acknowledged by %s"
                    .formatted(s.id, s.bytes.length, s.offset, s.attempt, ackedBy(s));
            return null;
        }
        s.attempt++;
        s.mapper = m;
        s.progressAt = now;
        holding[m]++;
        if (s.attempt > 1) {
            reissued++;
        }
        return new Assignment(s.id, s.attempt, m, s.bytes);
    }

    /** Whether {@code a} is still the split's current attempt, on its mapper, unfinished (worth streaming). */
    public boolean isCurrent(Assignment a) {
        Split s = unfinished.get(a.split());
        return s != null && s.attempt == a.attempt() && s.mapper == a.mapper();
    }

    /** The mapper took a chunk of {@code a}: it is alive, the timeout counts again from {@code now}. */
    public void progress(Assignment a, long now) {
        if (isCurrent(a)) {
            unfinished.get(a.split()).progressAt = now;
        }
    }

    /**
     * Reducer {@code reducer} (an index into the reducers) applied {@code split}. Returns true if that made
     * the split done (its bytes are dropped); false if it was done already, unknown, or still waits for others.
     */
    public boolean ack(int split, int reducer) {
        Split s = unfinished.get(split);
        if (s == null || s.acked[reducer]) {
            return false;
        }
        s.acked[reducer] = true;
        if (++s.acks < reducers.size()) {
            return false;
        }
        unfinished.remove(split);
        ready.remove(s);
        if (s.mapper >= 0) {
            holding[s.mapper]--;
        }
        done++;
        return true;
    }

    /**
     * Mapper {@code mapper} restarted (it said hello with a newer generation): every unfinished split it held
     * goes back to the ready queue, first in line, and the mapper is trusted again. Returns their ids.
     */
    public List<Integer> mapperRestarted(int mapper) {
        suspect[mapper] = false;
        return requeue(s -> s.mapper == mapper, false);
    }

    /**
     * Splits that made no progress for longer than the timeout go back to the ready queue, first in line, and
     * their mappers become suspect. Returns their ids.
     */
    public List<Integer> timedOut(long now) {
        return requeue(s -> s.mapper >= 0 && now - s.progressAt > timeoutNanos, true);
    }

    private List<Integer> requeue(Predicate<Split> which, boolean suspectMapper) {
        List<Split> again = new ArrayList<>();
        for (Split s : unfinished.values()) {
            if (which.test(s)) {
                again.add(s);
            }
        }
        for (int i = again.size() - 1; i >= 0; i--) { // addFirst in reverse: the oldest split goes first
            Split s = again.get(i);
            holding[s.mapper]--;
            suspect[s.mapper] |= suspectMapper;
            s.mapper = -1;
            ready.addFirst(s);
        }
        return again.stream().map(s -> s.id).toList();
    }

    private int pickMapper() {
        boolean anyTrusted = false;
        for (boolean s : suspect) {
            anyTrusted |= !s;
        }
        int best = -1;
        for (int m = 0; m < holding.length; m++) {
            if (holding[m] < perMapper && (!anyTrusted || !suspect[m]) && (best < 0 || holding[m] < holding[best])) {
                best = m;
            }
        }
        return best;
    }

    private String ackedBy(Split s) {
        List<String> by = new ArrayList<>();
        for (int r = 0; r < reducers.size(); r++) {
            if (s.acked[r]) {
                by.add(reducers.get(r));
            }
        }
        return by.isEmpty() ? "no reducer" : String.join(", ", by) + " only";
    }

    /** Why the job cannot finish, or null. */
    public String failure() {
        return failure;
    }

    /** Splits added so far. */
    public int added() {
        return added;
    }

    public int done() {
        return done;
    }

    /** Splits waiting for a mapper. */
    public int ready() {
        return ready.size();
    }

    /** Splits added and not done (their bytes are held). */
    public int unfinished() {
        return unfinished.size();
    }

    /** Unfinished splits issued to {@code mapper}. */
    public int holding(int mapper) {
        return holding[mapper];
    }

    public boolean isSuspect(int mapper) {
        return suspect[mapper];
    }

    /** Issues beyond the first, so far. */
    public int reissued() {
        return reissued;
    }

    public String mapperName(int mapper) {
        return mappers.get(mapper);
    }
}
