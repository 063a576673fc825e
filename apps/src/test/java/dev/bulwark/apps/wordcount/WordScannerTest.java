package dev.bulwark.apps.wordcount;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WordScannerTest {
    private static List<String> words(String text, int... cuts) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        List<String> found = new ArrayList<>();
        WordSink sink = (letters, length) -> found.add(new String(letters, 0, length, StandardCharsets.US_ASCII));
        WordScanner scanner = new WordScanner(100);
        int from = 0;
        for (int cut : cuts) {
            scanner.feed(bytes, from, cut - from, sink);
            from = cut;
        }
        scanner.feed(bytes, from, bytes.length - from, sink);
        scanner.end(sink);
        return found;
    }

    @Test
    void aWordIsARunOfAsciiLettersLowercased() {
        assertEquals(List.of("the", "cat", "s", "hat", "don", "t", "well", "known", "caf", "na", "ve", "x", "y"),
                words("The CAT's hat: don't well-known café naïve 42x_y"));
    }

    @Test
    void digitsPunctuationAndControlBytesSeparateWords() {
        assertEquals(List.of("a", "b", "c", "d", "e", "z"), words("a1b\tc\nd\u0000e@[`{z"));
    }

    @Test
    void aWordCutByTheEndOfAPieceIsFinishedByTheNext() {
        assertEquals(List.of("hello", "world"), words("hello world", 2));
        assertEquals(List.of("hello", "world"), words("hello world", 5, 6, 8, 9));
        assertEquals(List.of("ab"), words("ab", 1));
    }

    @Test
    void theLastWordComesAtTheEnd() {
        assertEquals(List.of("last"), words("  last"));
        assertEquals(List.of(), words(" .,;\n"));
    }

    @Test
    void aWordLongerThanTheLimitIsNotCountedButNoted() {
        WordScanner scanner = new WordScanner(4);
        List<String> found = new ArrayList<>();
        byte[] text = "abcd abcde xyz abcdefgh".getBytes(StandardCharsets.US_ASCII);
        scanner.feed(text, 0, text.length, (l, n) -> found.add(new String(l, 0, n, StandardCharsets.US_ASCII)));
        scanner.end((l, n) -> found.add(new String(l, 0, n, StandardCharsets.US_ASCII)));
        assertEquals(List.of("abcd", "xyz"), found);
        assertEquals(8, scanner.overlong());
        scanner.reset();
        assertEquals(0, scanner.overlong());
    }

    @Test
    void countsOnGeneratedTextFedInRandomPiecesMatchARegexCount() {
        byte[] text = new TextGenerator(7).generate(300_000);
        WordTable table = new WordTable();
        WordScanner scanner = new WordScanner(1000);
        WordSink sink = (letters, length) -> table.add(letters, 0, length, 1);
        Random random = new Random(3);
        for (int at = 0; at < text.length; ) {
            int n = Math.min(text.length - at, 1 + random.nextInt(3000));
            scanner.feed(text, at, n, sink);
            at += n;
        }
        scanner.end(sink);
        Map<String, Long> mine = new TreeMap<>();
        for (int e = 0; e < table.size(); e++) {
            mine.put(table.word(e), table.count(e));
        }
        TreeMap<String, Long> direct = DirectCount.of(text);
        assertEquals(direct, mine);
        assertTrue(direct.size() > 1000, "the generated text has a real vocabulary: " + direct.size());
    }

    @Test
    void theLetterTestAcceptsExactlyTheAsciiLetters() {
        for (int b = -128; b < 128; b++) {
            boolean letter = (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z');
            assertEquals(letter, Words.isLetter((byte) b), "byte " + b);
        }
        assertFalse(Words.isLetter((byte) 0xC3));
    }
}
