package dev.bulwark.drill.workload;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The KV client's model of what each key may read, from the writes the store acknowledged, and the judge of every
 * GET against it.
 *
 * <h2>The rule</h2>
 * <ul>
 *   <li>A SET answered {@code +OK} is <em>acknowledged</em>: from then on the key reads that value until the next
 *       write. Every uncertain write before it is settled: a shard takes its front's requests in order from one
 *       FIFO channel (which survives the restarts of either end), so none of them can land after it.</li>
 *   <li>A SET answered with an error ({@code -TRYAGAIN shard kv-1 restarted ...}) or lost with its connection is
 *       <em>uncertain</em>: the shard may or may not have applied it, now or later. Until the next acknowledged
 *       SET the key may read the acknowledged value or any uncertain one.</li>
 *   <li>A nil for a key with an acknowledged value is allowed only if the key's shard lost its memory after
 *       that SET was sent ({@link MemoryLosses}); then the model forgets the key (nothing is known of it until
 *       its next acknowledged SET). A key never acknowledged is not judged.</li>
 * </ul>
 * A reply outside that is a violation: the returned text says what was read and what was allowed. After a
 * violation the key is forgotten too, so one broken key is reported once, not at every read.
 *
 * <p>The shard's incarnation is taken before the SET is sent: if the shard restarts in between, the recorded
 * incarnation is older than the one that applied the write, which can only make a nil look explained (lenient),
 * never unexplained.
 *
 * <p>Threading: confined to the KV client's thread.
 */
final class AckedWrites {
    /** Whether a shard has lost its memory since an incarnation of it. */
    @FunctionalInterface
    interface MemoryLosses {
        /** Whether {@code shard} started an incarnation with fresh memory after {@code incarnation}. */
        boolean lostSince(String shard, int incarnation);
    }

    /** What a key may read: the acknowledged value (sent to {@code incarnation} of its shard) or an uncertain one. */
    private static final class Known {
        String acknowledged;
        int incarnation;
        final Set<String> uncertain = new LinkedHashSet<>();
    }

    /** Uncertain values kept per key at most; past that the key is forgotten until its next acknowledged SET. */
    static final int MAX_UNCERTAIN = 64;

    private final Map<String, Known> keys = new HashMap<>();
    private long explainedNils;
    private long lostWrites;

    /** {@code SET key value}, sent when its shard was at {@code incarnation}, was answered {@code +OK}. */
    void acknowledged(String key, String value, int incarnation) {
        Known k = keys.computeIfAbsent(key, x -> new Known());
        k.acknowledged = value;
        k.incarnation = incarnation;
        k.uncertain.clear();
    }

    /** {@code SET key value} got an error or no answer: it may or may not have been applied. */
    void uncertain(String key, String value) {
        Known k = keys.get(key);
        if (k != null) {
            k.uncertain.add(value);
            if (k.uncertain.size() > MAX_UNCERTAIN) {
                keys.remove(key); // a shard refusing every write (stopped, say): bounded memory, judged again once acknowledged
            }
        }
    }

    /**
     * Judges {@code GET key} answered {@code got} (null: nil) by {@code shard}: null if allowed, else what is wrong.
     */
    String judge(String key, String shard, String got, MemoryLosses losses) {
        Known k = keys.get(key);
        if (k == null) {
            return null;
        }
        if (got != null && (got.equals(k.acknowledged) || k.uncertain.contains(got))) {
            return null;
        }
        if (got == null && losses.lostSince(shard, k.incarnation)) {
            keys.remove(key); // the shard's memory was lost: nothing is known of the key now
            explainedNils++;
            return null;
        }
        keys.remove(key);
        if (got == null) {
            lostWrites++;
        }
        String allowed = "the last acknowledged SET wrote " + k.acknowledged + " (sent to " + shard + " incarnation "
                + k.incarnation + ")" + (k.uncertain.isEmpty() ? "" : ", uncertain since: " + list(k.uncertain));
        return got == null
                ? "GET " + key + " returned nil but " + allowed + " and " + shard
                        + " has not lost its memory since (no restart from pristine, no memory check refused): "
                        + "a lost acknowledged write"
                : "GET " + key + " returned " + got + " but " + allowed + ": a wrong value";
    }

    /** Nils read for acknowledged values that a memory loss of their shard explained. */
    long explainedNils() {
        return explainedNils;
    }

    /** Nils read for acknowledged values that no memory loss explains: acknowledged writes lost. */
    long lostWrites() {
        return lostWrites;
    }

    /** Keys with an acknowledged value. */
    int known() {
        return keys.size();
    }

    private static String list(Set<String> values) {
        List<String> shown = new ArrayList<>(values);
        return shown.size() <= 4 ? String.join(", ", shown)
                : String.join(", ", shown.subList(0, 4)) + " and " + (shown.size() - 4) + " more";
    }
}
