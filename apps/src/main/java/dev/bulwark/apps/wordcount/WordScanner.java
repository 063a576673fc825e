package dev.bulwark.apps.wordcount;

/**
 * Finds the words ({@link Words}) in text that arrives in pieces: a word cut by the end of one piece is
 * finished by the next, and {@link #end} gives the last one. Words longer than {@code maxLetters} are not
 * given to the sink: the scanner notes the longest such run ({@link #overlong()}), so its owner can refuse
 * the input instead of counting a truncated word.
 *
 * <p>Not thread-safe: one owner feeds it.
 */
public final class WordScanner {
    private final int maxLetters;
    private byte[] word = new byte[64];
    private int length;
    private long run;
    private long overlong;

    public WordScanner(int maxLetters) {
        if (maxLetters < 1) {
            throw new IllegalArgumentException("maxLetters must be positive, not " + maxLetters);
        }
        this.maxLetters = maxLetters;
    }

    /** Scans {@code length} bytes of {@code text} from {@code offset}. */
    public void feed(byte[] text, int offset, int length, WordSink sink) {
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            byte b = text[i];
            if (Words.isLetter(b)) {
                letter(Words.lower(b));
            } else if (run > 0) {
                finishWord(sink);
            }
        }
    }

    /** The input ended: gives the word in progress, if any. */
    public void end(WordSink sink) {
        if (run > 0) {
            finishWord(sink);
        }
    }

    /** Forgets the word in progress and any overlong run (a new input starts). */
    public void reset() {
        length = 0;
        run = 0;
        overlong = 0;
    }

    /** The longest run of letters over {@code maxLetters} seen since the last reset, or 0. */
    public long overlong() {
        return overlong;
    }

    public int maxLetters() {
        return maxLetters;
    }

    private void letter(byte lower) {
        run++;
        if (run > maxLetters) {
            return; // only its length matters now
        }
        if (length == word.length) {
            word = java.util.Arrays.copyOf(word, Math.min(maxLetters, word.length * 2));
        }
        word[length++] = lower;
    }

    private void finishWord(WordSink sink) {
        if (run > maxLetters) {
            overlong = Math.max(overlong, run);
        } else {
            sink.word(word, length);
        }
        length = 0;
        run = 0;
    }
}
