package dev.bulwark.apps.wordcount;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A finished count: every word with its count, as the driver reports it.
 *
 * <p>The output text is one line per word, sorted by word (byte order, which for lowercase ASCII is
 * alphabetical): {@code word count\n}. The top words are the most frequent, ties by word.
 */
public final class WordCounts {
    /** One word and how often it occurs. */
    public record Entry(String word, long count) {
    }

    private final Entry[] byWord;
    private final long words;

    private WordCounts(Entry[] byWord) {
        this.byWord = byWord;
        long total = 0;
        for (Entry e : byWord) {
            total += e.count();
        }
        this.words = total;
    }

    /** The counts in {@code table} (copied). */
    public static WordCounts of(WordTable table) {
        Entry[] entries = new Entry[table.size()];
        for (int i = 0; i < entries.length; i++) {
            entries[i] = new Entry(table.word(i), table.count(i));
        }
        Arrays.sort(entries, Comparator.comparing(Entry::word));
        return new WordCounts(entries);
    }

    /** Words counted (with repeats). */
    public long words() {
        return words;
    }

    /** Distinct words. */
    public int distinct() {
        return byWord.length;
    }

    /** All entries, sorted by word. */
    public List<Entry> byWord() {
        return List.of(byWord);
    }

    /** The {@code n} most frequent words, most frequent first, ties by word. */
    public List<Entry> top(int n) {
        return Arrays.stream(byWord)
                .sorted(Comparator.comparingLong(Entry::count).reversed().thenComparing(Entry::word))
                .limit(n)
                .toList();
    }

    /** The output text: {@code word count\n} per word, sorted by word. */
    public byte[] text() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(byWord.length * 16);
        for (Entry e : byWord) {
            out.writeBytes((e.word() + " " + e.count() + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }

    /** One line: {@code <bytes> bytes, <N> words, <D> distinct; top: the 812, of 640, ...}. */
    public String summary(long bytes, int top) {
        List<Entry> best = top(top);
        return "%d bytes, %d words, %d distinct; top: %s".formatted(bytes, words, distinct(), best.isEmpty() ? "(none)"
                : best.stream().map(e -> e.word() + " " + e.count()).collect(Collectors.joining(", ")));
    }
}
