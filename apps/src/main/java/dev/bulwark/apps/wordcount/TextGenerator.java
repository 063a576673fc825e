package dev.bulwark.apps.wordcount;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Makes English-looking text for word counts: words drawn from a vocabulary of a few thousand with
 * Zipf-like frequencies (the most common word about twice as frequent as the second, ten times the tenth),
 * in sentences that start with a capital and end with a full stop, question or exclamation mark, with commas,
 * quotes, hyphens, the odd number, apostrophe, shouted word or accented letter (so the word rule of
 * {@link Words} is exercised), wrapped into lines of about 72 characters and paragraphs.
 *
 * <p>Deterministic: the same seed and length give the same bytes, every call, on every JVM. Fast: it writes
 * about 100 MB a second or more through a buffered stream.
 */
public final class TextGenerator {
    /** The vocabulary size {@link #TextGenerator(long)} uses. */
    public static final int DEFAULT_VOCABULARY = 4000;

    private static final String[] COMMON = ("the of and to a in is it you that he was for on are with as his they be "
            + "at one have this from or had by word but what some we can out other were all there when up use your how "
            + "said an each she which do their time if will way about many then them write would like so these her long "
            + "make thing see him two has look more day could go come did number sound no most people my over know water "
            + "than call first who may down side been now find").split(" ");
    private static final String[] ONSETS = {"b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t",
            "v", "w", "y", "z", "br", "ch", "cl", "cr", "dr", "fl", "gr", "pl", "pr", "sh", "sl", "st", "str", "th", "tr"};
    private static final String[] NUCLEI = {"a", "e", "i", "o", "u", "ai", "ea", "ee", "oo", "ou", "y"};
    private static final String[] CODAS = {"", "", "", "n", "r", "s", "t", "l", "nd", "st", "ng", "ck", "rt", "m"};
    private static final double EXPONENT = 1.0;
    private static final int LINE = 72;

    private final long seed;
    private final byte[][] words;
    private final double[] cumulative;

    /** A generator with {@value #DEFAULT_VOCABULARY} words, drawn from {@code seed}. */
    public TextGenerator(long seed) {
        this(seed, DEFAULT_VOCABULARY);
    }

    /** A generator with {@code vocabulary} distinct words (at least 10), drawn from {@code seed}. */
    public TextGenerator(long seed, int vocabulary) {
        if (vocabulary < 10) {
            throw new IllegalArgumentException("a vocabulary needs at least 10 words, not " + vocabulary);
        }
        this.seed = seed;
        this.words = vocabulary(new SplittableRandom(seed), vocabulary);
        this.cumulative = new double[vocabulary];
        double sum = 0;
        for (int rank = 0; rank < vocabulary; rank++) {
            sum += 1 / Math.pow(rank + 1, EXPONENT);
            cumulative[rank] = sum;
        }
        for (int rank = 0; rank < vocabulary; rank++) {
            cumulative[rank] /= sum;
        }
    }

    /** The vocabulary, most frequent first (lowercase). */
    public List<String> vocabulary() {
        return Arrays.stream(words).map(w -> new String(w, StandardCharsets.US_ASCII)).toList();
    }

    /** Writes exactly {@code bytes} bytes of text to {@code file} (replacing it). */
    public void write(Path file, long bytes) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            write(out, bytes);
        }
    }

    /** Writes exactly {@code bytes} bytes of text to {@code out} (the last word may be cut short). */
    public void write(OutputStream out, long bytes) throws IOException {
        new Writer(out, bytes).run();
    }

    /** The first {@code bytes} bytes of text, in memory. */
    public byte[] generate(int bytes) {
        var out = new java.io.ByteArrayOutputStream(bytes);
        try {
            write(out, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw
        }
        return out.toByteArray();
    }

    private static byte[][] vocabulary(SplittableRandom random, int size) {
        Set<String> seen = new HashSet<>();
        List<String> list = new ArrayList<>();
        for (String w : COMMON) {
            if (list.size() < size && seen.add(w)) {
                list.add(w);
            }
        }
        while (list.size() < size) {
            StringBuilder w = new StringBuilder();
            int syllables = 1 + random.nextInt(3) + (random.nextInt(4) == 0 ? 1 : 0);
            for (int s = 0; s < syllables; s++) {
                w.append(ONSETS[random.nextInt(ONSETS.length)]).append(NUCLEI[random.nextInt(NUCLEI.length)]);
            }
            w.append(CODAS[random.nextInt(CODAS.length)]);
            if (seen.add(w.toString())) {
                list.add(w.toString());
            }
        }
        // the common words stay on top; the made-up ones are shuffled into ranks of their own
        for (int i = list.size() - 1; i > COMMON.length; i--) {
            int j = COMMON.length + random.nextInt(i - COMMON.length + 1);
            String t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
        byte[][] words = new byte[list.size()][];
        for (int i = 0; i < words.length; i++) {
            words[i] = list.get(i).getBytes(StandardCharsets.US_ASCII);
        }
        return words;
    }

    /** One run of the generator: its own random stream from the seed, so every run gives the same text. */
    private final class Writer {
        private final OutputStream out;
        private final long limit;
        private final SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        private final byte[] buffer = new byte[1 << 16];
        private int used;
        private long written;
        private int column;

        Writer(OutputStream out, long limit) {
            this.out = out;
            this.limit = limit;
        }

        void run() throws IOException {
            while (written + used < limit) {
                sentence();
                if (random.nextInt(8) == 0) {
                    put((byte) '\n');
                    put((byte) '\n');
                    column = 0;
                }
            }
            drain();
        }

        private void sentence() throws IOException {
            int length = 4 + random.nextInt(16);
            boolean quoted = random.nextInt(20) == 0;
            space();
            if (quoted) {
                put((byte) '"');
            }
            for (int i = 0; i < length; i++) {
                if (i > 0) {
                    space();
                }
                word(i == 0);
                if (i < length - 1 && random.nextInt(9) == 0) {
                    put(random.nextInt(6) == 0 ? (byte) ';' : (byte) ',');
                }
            }
            int end = random.nextInt(12);
            put(end == 0 ? (byte) '?' : end == 1 ? (byte) '!' : (byte) '.');
            if (quoted) {
                put((byte) '"');
            }
        }

        private void word(boolean capital) throws IOException {
            int kind = random.nextInt(400);
            if (kind == 0) {
                putAscii(Integer.toString(random.nextInt(3000))); // a number: not a word
                return;
            }
            byte[] w = words[rank()];
            if (kind >= 5 && !capital) { // the common case: the word as it is
                room(w.length);
                System.arraycopy(w, 0, buffer, used, w.length);
                used += w.length;
                column += w.length;
                return;
            }
            for (int i = 0; i < w.length; i++) {
                byte b = w[i];
                if ((capital && i == 0) || kind == 1) {
                    b = (byte) Character.toUpperCase(b); // a capital, or a shouted word
                }
                put(b);
                if (kind == 2 && i == w.length / 2) {
                    put((byte) 0xC3); // 'é' in UTF-8, inside the word: splits it in two
                    put((byte) 0xA9);
                }
            }
            if (kind == 3) {
                putAscii("'s");
            } else if (kind == 4) {
                put((byte) '-');
                byte[] second = words[rank()];
                for (byte b : second) {
                    put(b);
                }
            }
        }

        /** Makes room for {@code n} more bytes in the buffer (a word is far shorter than the buffer). */
        private void room(int n) throws IOException {
            if (used + n > buffer.length) {
                drain();
            }
        }

        private int rank() {
            int i = Arrays.binarySearch(cumulative, random.nextDouble());
            return Math.min(i < 0 ? -i - 1 : i, words.length - 1);
        }

        private void space() throws IOException {
            if (column >= LINE) {
                put((byte) '\n');
                column = 0;
            } else if (column > 0) {
                put((byte) ' ');
            }
        }

        private void putAscii(String s) throws IOException {
            for (int i = 0; i < s.length(); i++) {
                put((byte) s.charAt(i));
            }
        }

        private void put(byte b) throws IOException {
            if (used == buffer.length) {
                drain();
            }
            buffer[used++] = b;
            column = b == '\n' ? 0 : column + 1;
        }

        /** Writes the buffer, cut so the total is never more than the limit. */
        private void drain() throws IOException {
            int n = (int) Math.min(used, limit - written);
            out.write(buffer, 0, n);
            written += n;
            used = 0;
        }
    }
}
