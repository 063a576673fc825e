package dev.bulwark.apps.wordcount;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SplitCutterTest {
    private static List<String> cut(int splitBytes, String... pieces) {
        List<String> splits = new ArrayList<>();
        SplitCutter cutter = new SplitCutter(splitBytes);
        for (String p : pieces) {
            byte[] b = p.getBytes(StandardCharsets.US_ASCII);
            cutter.append(b, 0, b.length, s -> splits.add(new String(s, StandardCharsets.US_ASCII)));
        }
        cutter.finish(s -> splits.add(new String(s, StandardCharsets.US_ASCII)));
        return splits;
    }

    @Test
    void aCutInsideAWordMovesBackToTheWordsStart() {
        assertEquals(List.of("one ", "two ", "three"), cut(6, "one two three"));
        assertEquals(List.of("ab ", "cd"), cut(4, "ab cd"));
    }

    @Test
    void aCutNextToASeparatorStaysWhereItIs() {
        assertEquals(List.of("abc", " ", "def"), cut(3, "abc def"));
        assertEquals(List.of("ab,", "cd."), cut(3, "ab,cd."));
    }

    @Test
    void aWordLongerThanASplitMakesALongerSplitEndingWithIt() {
        assertEquals(List.of("abcdefgh", " ij"), cut(3, "abcd", "efgh ij"));
        assertEquals(List.of("x ", "abcdefgh"), cut(3, "x abcdefgh"));
    }

    @Test
    void nothingComesOutOfAnEmptyInput() {
        assertEquals(List.of(), cut(10));
        assertEquals(List.of(), cut(10, "", ""));
    }

    @Test
    void splitsOfGeneratedTextFedPageByPageAreTheTextCutOnlyBetweenWords() {
        byte[] text = new TextGenerator(11).generate(500_000);
        int splitBytes = 7_000;
        List<byte[]> splits = new ArrayList<>();
        SplitCutter cutter = new SplitCutter(splitBytes);
        Random random = new Random(5);
        for (int at = 0; at < text.length; ) {
            int n = Math.min(text.length - at, 1 + random.nextInt(9000));
            cutter.append(text, at, n, splits::add);
            at += n;
        }
        cutter.finish(splits::add);

        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        Map<String, Long> perSplit = new TreeMap<>();
        for (byte[] s : splits) {
            assertTrue(s.length > 0 && s.length <= splitBytes, "split of " + s.length + " bytes");
            joined.writeBytes(s);
            DirectCount.of(s).forEach((w, c) -> perSplit.merge(w, c, Long::sum));
        }
        assertArrayEquals(text, joined.toByteArray());
        assertEquals(DirectCount.of(text), perSplit, "counting split by split counts the text: no word was cut");
        assertTrue(splits.size() > 70, splits.size() + " splits");
    }
}
