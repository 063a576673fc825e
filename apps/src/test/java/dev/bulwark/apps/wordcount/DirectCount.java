package dev.bulwark.apps.wordcount;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The count a word count must equal, computed without any of the word-count classes: a regex over the text
 * read as ISO-8859-1 (one char per byte, so a non-ASCII byte is never an ASCII letter), lowercased.
 */
final class DirectCount {
    private static final Pattern WORD = Pattern.compile("[A-Za-z]+");

    private DirectCount() {
    }

    /** Word to count, sorted by word. */
    static TreeMap<String, Long> of(byte[] text) {
        TreeMap<String, Long> counts = new TreeMap<>();
        Matcher m = WORD.matcher(new String(text, StandardCharsets.ISO_8859_1));
        while (m.find()) {
            counts.merge(m.group().toLowerCase(java.util.Locale.ROOT), 1L, Long::sum);
        }
        return counts;
    }

    /** The output text a correct run writes: {@code word count\n} per word, sorted. */
    static String lines(Map<String, Long> counts) {
        StringBuilder out = new StringBuilder();
        counts.forEach((w, c) -> out.append(w).append(' ').append(c).append('\n'));
        return out.toString();
    }

    static long words(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
