package dev.bulwark.apps.wordcount;

/**
 * What a word is, in one place: a maximal run of ASCII letters ({@code A-Z}, {@code a-z}), counted
 * lowercased. Every other byte (digits, punctuation, whitespace, any byte of a non-ASCII UTF-8 character)
 * separates words, so {@code "Don't"} is the two words {@code don} and {@code t}, and {@code "café"} is
 * {@code caf}.
 *
 * <p>Also the one hash of a word, which decides both the reducer a word goes to (every mapper sends a word
 * to the same reducer) and its slot in a {@link WordTable}; the two use different bits of it.
 */
public final class Words {
    private static final int FNV_OFFSET = 0x811c9dc5;
    private static final int FNV_PRIME = 0x01000193;

    private Words() {
    }

    /** Whether {@code b} is part of a word. */
    public static boolean isLetter(byte b) {
        int folded = b | 0x20; // 'A'..'Z' -> 'a'..'z'; a negative byte stays negative
        return folded >= 'a' && folded <= 'z';
    }

    /** The lowercase form of a letter (only meaningful for a byte {@link #isLetter} accepts). */
    public static byte lower(byte letter) {
        return (byte) (letter | 0x20);
    }

    /** FNV-1a of a word's (lowercase) bytes. */
    public static int hash(byte[] word, int offset, int length) {
        int h = FNV_OFFSET;
        for (int i = offset; i < offset + length; i++) {
            h = (h ^ (word[i] & 0xff)) * FNV_PRIME;
        }
        return h;
    }

    /**
     * The reducer (0 to {@code reducers - 1}) a word with hash {@code hash} goes to: chosen by the hash's
     * high bits, as a multiply-shift range reduction, so a reducer's words still spread over every low bit
     * (which a {@link WordTable} indexes by).
     */
    public static int reducerOf(int hash, int reducers) {
        return (int) (((hash & 0xffffffffL) * reducers) >>> 32);
    }
}
