package dev.bulwark.apps.wordcount;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Cuts text that arrives in order (the input file, page by page) into splits of about {@code splitBytes}
 * bytes, never inside a word ({@link Words}): a split ends where the byte before the cut or the byte after
 * it is not a letter, so every word lies in exactly one split and counting each split on its own counts the
 * whole text.
 *
 * <p>A split is at most {@code splitBytes} long: the cut goes at the last word boundary at or before that
 * length. Only a word longer than {@code splitBytes} makes a longer split (it ends at the word's end).
 * Every split has at least one byte; together they are the whole input, in order.
 *
 * <p>Not thread-safe: one owner feeds it.
 */
public final class SplitCutter {
    private final int splitBytes;
    private byte[] buffer;
    /** The bytes not yet in a split are {@code buffer[start, end)}. */
    private int start;
    private int end;
    /** Where the forward search for the end of an overlong word resumes (relative to start), or 0. */
    private int searchFrom;

    public SplitCutter(int splitBytes) {
        if (splitBytes < 1) {
            throw new IllegalArgumentException("split size must be at least 1 byte, not " + splitBytes);
        }
        this.splitBytes = splitBytes;
        this.buffer = new byte[Math.min(splitBytes, 1 << 20) + 1];
    }

    /** Appends {@code length} bytes of {@code text}; gives {@code out} each split that is now complete. */
    public void append(byte[] text, int offset, int length, Consumer<byte[]> out) {
        if (end + length > buffer.length) {
            int kept = end - start;
            byte[] into = kept + length > buffer.length ? new byte[Math.max(buffer.length * 2, kept + length)] : buffer;
            System.arraycopy(buffer, start, into, 0, kept);
            buffer = into;
            start = 0;
            end = kept;
        }
        System.arraycopy(text, offset, buffer, end, length);
        end += length;
        int cut;
        while ((cut = cut()) > 0) {
            emit(cut, out);
        }
    }

    /** The input ended: gives {@code out} the rest as the last split, if any is left. */
    public void finish(Consumer<byte[]> out) {
        if (end > start) {
            emit(end - start, out);
        }
    }

    /** Bytes taken but not yet in a split. */
    public int pendingBytes() {
        return end - start;
    }

    /** Where to cut now (the split's length), or 0 if no split is complete yet. */
    private int cut() {
        int length = end - start;
        if (length <= splitBytes) {
            return 0; // the byte after a cut at splitBytes is not here yet
        }
        if (searchFrom == 0) {
            for (int c = splitBytes; c > 0; c--) {
                if (boundary(c)) {
                    return c;
                }
            }
        }
        // the first splitBytes + 1 bytes are all letters: the split ends where this word does
        for (int c = Math.max(searchFrom, splitBytes + 1); c < length; c++) {
            if (!Words.isLetter(buffer[start + c])) {
                return c;
            }
        }
        searchFrom = length;
        return 0;
    }

    /** Whether a cut {@code c} bytes into the pending text (0 < c < its length) splits no word. */
    private boolean boundary(int c) {
        return !Words.isLetter(buffer[start + c - 1]) || !Words.isLetter(buffer[start + c]);
    }

    private void emit(int cut, Consumer<byte[]> out) {
        byte[] split = Arrays.copyOfRange(buffer, start, start + cut);
        start += cut;
        searchFrom = 0;
        out.accept(split);
    }
}
