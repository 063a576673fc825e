package dev.bulwark.apps.wordcount;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A reducer's bookkeeping for one job: it applies each split's counts to its totals exactly once, however
 * many attempts at the split reach it, complete or not.
 *
 * <p>A split can reach a reducer more than once: the driver re-issues a split whose mapper restarted or
 * took too long, so attempts 1 and 2 may both send their counts (from two mappers, interleaved), or attempt
 * 1 may stop halfway (its mapper died) and never send its END. And one attempt can be sent twice from its
 * start, when the mapper restarted and re-read the attempt's first chunk. Every attempt of a split sends
 * this reducer the same words (a word's reducer depends on the word only), so it is enough to apply one
 * complete run of one attempt. The rules:
 * <ul>
 *   <li>counts are buffered per split until its END; nothing reaches the totals before it;</li>
 *   <li>a newer attempt drops the buffer of an older one; an older attempt than the one buffered is ignored;</li>
 *   <li>COUNTS number 0, 1, ... per run: a 0 starts the buffer again (a re-run of the same attempt), a gap
 *       spoils the buffer until the next 0;</li>
 *   <li>an END applies the buffer only if it holds exactly the {@code messages} COUNTS the END announces;</li>
 *   <li>a split already applied ignores everything after, and its END is acknowledged again (harmless: the
 *       driver counts a reducer's acks per split, not per message).</li>
 * </ul>
 *
 * <p>Not thread-safe: the reducer's handlers.
 */
public final class ReduceLedger {
    /** What an END did. */
    public enum Outcome {
        /** The split's counts were applied now: acknowledge it. */
        APPLIED,
        /** The split had been applied before: acknowledge it again, apply nothing. */
        ALREADY_APPLIED,
        /** This END belongs to an attempt older than one already seen: ignored. */
        STALE,
        /** The buffered run is missing counts (its start or some of it was lost): dropped, not applied. */
        INCOMPLETE
    }

    /** One attempt's counts for one split, as they arrived. */
    private static final class Buffer {
        final int attempt;
        final List<byte[]> payloads = new ArrayList<>();
        int nextSeq;
        boolean spoiled;

        Buffer(int attempt) {
            this.attempt = attempt;
        }
    }

    private final WordTable totals = new WordTable(4096);
    private final BitSet applied = new BitSet();
    private final Map<Integer, Buffer> buffers = new HashMap<>();
    private int appliedCount;
    private long words;

    /** Takes one COUNTS payload (kept as is: entries from {@link WcProtocol#COUNTS_HEADER}). */
    public void counts(int split, int attempt, int seq, byte[] payload) {
        if (applied.get(split)) {
            return;
        }
        Buffer b = bufferFor(split, attempt);
        if (b == null) {
            return;
        }
        if (seq == 0) {
            b.payloads.clear();
            b.nextSeq = 0;
            b.spoiled = false;
        }
        if (b.spoiled || seq != b.nextSeq) {
            b.spoiled = true;
            return;
        }
        b.payloads.add(payload);
        b.nextSeq++;
    }

    /** Takes an END: {@code messages} COUNTS came before it from the same run. */
    public Outcome end(int split, int attempt, int messages) {
        if (applied.get(split)) {
            return Outcome.ALREADY_APPLIED;
        }
        Buffer b = bufferFor(split, attempt);
        if (b == null) {
            return Outcome.STALE;
        }
        buffers.remove(split);
        if (b.spoiled || b.nextSeq != messages) {
            return Outcome.INCOMPLETE;
        }
        for (byte[] payload : b.payloads) {
            WcProtocol.forEachEntry(payload, WcProtocol.COUNTS_HEADER,
                    (bytes, offset, length, count) -> {
                        totals.add(bytes, offset, length, count);
                        words += count;
                    });
        }
        applied.set(split);
        appliedCount++;
        return Outcome.APPLIED;
    }

    /** The buffer of {@code attempt} at {@code split}, made (dropping an older attempt's) if needed; null if stale. */
    private Buffer bufferFor(int split, int attempt) {
        Buffer b = buffers.get(split);
        if (b == null || attempt > b.attempt) {
            b = new Buffer(attempt);
            buffers.put(split, b);
        }
        return attempt < b.attempt ? null : b;
    }

    public boolean isApplied(int split) {
        return applied.get(split);
    }

    /** Splits applied so far. */
    public int applied() {
        return appliedCount;
    }

    /** Words applied so far (the sum of the totals). */
    public long words() {
        return words;
    }

    /** Splits with counts buffered and no END yet. */
    public int buffered() {
        return buffers.size();
    }

    /** The totals: every applied split's counts, added. */
    public WordTable totals() {
        return totals;
    }
}
