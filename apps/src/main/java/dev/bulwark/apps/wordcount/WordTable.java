package dev.bulwark.apps.wordcount;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Counts per word, keyed by the word's bytes: an open-addressing hash table (linear probing over
 * {@link Words#hash}'s low bits) whose words live end to end in one byte array, so counting a word that is
 * already there allocates nothing. Entries keep their insertion order and are read by index
 * ({@code 0 <= i < size()}).
 *
 * <p>Not thread-safe: one owner (a mapper's split, a reducer's totals).
 */
public final class WordTable {
    private static final int EMPTY = -1;

    private int[] slots;          // entry index, or EMPTY
    private int[] hashes;         // per entry
    private int[] starts;         // per entry: where its word starts in letters
    private int[] lengths;        // per entry
    private long[] counts;        // per entry
    private byte[] letters;
    private int lettersUsed;
    private int size;

    public WordTable() {
        this(256);
    }

    public WordTable(int expectedWords) {
        int capacity = Integer.highestOneBit(Math.max(16, expectedWords) * 2 - 1) << 1;
        slots = new int[capacity];
        Arrays.fill(slots, EMPTY);
        hashes = new int[capacity / 2];
        starts = new int[capacity / 2];
        lengths = new int[capacity / 2];
        counts = new long[capacity / 2];
        letters = new byte[capacity * 4];
    }

    /** Adds {@code delta} to the count of the word in {@code word[offset, offset + length)}. */
    public void add(byte[] word, int offset, int length, long delta) {
        add(word, offset, length, Words.hash(word, offset, length), delta);
    }

    /** As {@link #add(byte[], int, int, long)}, with the word's {@link Words#hash} already known. */
    public void add(byte[] word, int offset, int length, int hash, long delta) {
        int mask = slots.length - 1;
        int slot = hash & mask;
        while (true) {
            int e = slots[slot];
            if (e == EMPTY) {
                slots[slot] = append(word, offset, length, hash, delta);
                if (size * 2 >= slots.length) { // keeps the load under 1/2, and an entry index under slots.length / 2
                    grow();
                }
                return;
            }
            if (hashes[e] == hash && lengths[e] == length
                    && Arrays.equals(letters, starts[e], starts[e] + length, word, offset, offset + length)) {
                counts[e] += delta;
                return;
            }
            slot = (slot + 1) & mask;
        }
    }

    /** Adds every entry of {@code other}. */
    public void addAll(WordTable other) {
        for (int i = 0; i < other.size; i++) {
            add(other.letters, other.starts[i], other.lengths[i], other.hashes[i], other.counts[i]);
        }
    }

    /** The count of {@code word} (lowercase ASCII), 0 if absent. */
    public long count(String word) {
        byte[] w = word.getBytes(StandardCharsets.US_ASCII);
        int hash = Words.hash(w, 0, w.length);
        int mask = slots.length - 1;
        for (int slot = hash & mask; slots[slot] != EMPTY; slot = (slot + 1) & mask) {
            int e = slots[slot];
            if (hashes[e] == hash && Arrays.equals(letters, starts[e], starts[e] + lengths[e], w, 0, w.length)) {
                return counts[e];
            }
        }
        return 0;
    }

    /** Distinct words. */
    public int size() {
        return size;
    }

    /** The sum of all counts. */
    public long total() {
        long total = 0;
        for (int i = 0; i < size; i++) {
            total += counts[i];
        }
        return total;
    }

    public int hash(int entry) {
        return hashes[check(entry)];
    }

    public long count(int entry) {
        return counts[check(entry)];
    }

    public int length(int entry) {
        return lengths[check(entry)];
    }

    /** Copies entry {@code entry}'s word into {@code dst} at {@code at}. */
    public void copyWord(int entry, byte[] dst, int at) {
        System.arraycopy(letters, starts[check(entry)], dst, at, lengths[entry]);
    }

    public String word(int entry) {
        return new String(letters, starts[check(entry)], lengths[entry], StandardCharsets.US_ASCII);
    }

    /** Empties the table, keeping its arrays for the next use. */
    public void clear() {
        Arrays.fill(slots, EMPTY);
        size = 0;
        lettersUsed = 0;
    }

    private int check(int entry) {
        if (entry < 0 || entry >= size) {
            throw new IndexOutOfBoundsException("entry " + entry + " of " + size);
        }
        return entry;
    }

    private int append(byte[] word, int offset, int length, int hash, long delta) {
        if (lettersUsed + length > letters.length) {
            letters = Arrays.copyOf(letters, Math.max(letters.length * 2, lettersUsed + length));
        }
        System.arraycopy(word, offset, letters, lettersUsed, length);
        int e = size++;
        hashes[e] = hash;
        starts[e] = lettersUsed;
        lengths[e] = length;
        counts[e] = delta;
        lettersUsed += length;
        return e;
    }

    private void grow() {
        int capacity = slots.length * 2;
        slots = new int[capacity];
        Arrays.fill(slots, EMPTY);
        hashes = Arrays.copyOf(hashes, capacity / 2);
        starts = Arrays.copyOf(starts, capacity / 2);
        lengths = Arrays.copyOf(lengths, capacity / 2);
        counts = Arrays.copyOf(counts, capacity / 2);
        int mask = capacity - 1;
        for (int e = 0; e < size; e++) {
            int slot = hashes[e] & mask;
            while (slots[slot] != EMPTY) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = e;
        }
    }
}
