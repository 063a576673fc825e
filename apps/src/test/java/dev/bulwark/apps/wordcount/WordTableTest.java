package dev.bulwark.apps.wordcount;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WordTableTest {
    private static void add(WordTable t, String word, long n) {
        byte[] w = word.getBytes(StandardCharsets.US_ASCII);
        t.add(w, 0, w.length, n);
    }

    @Test
    void countsEachWordAndGrowsPastItsFirstSize() {
        WordTable t = new WordTable(16);
        Map<String, Long> expected = new HashMap<>();
        Random random = new Random(1);
        for (int i = 0; i < 50_000; i++) {
            String w = "w" + random.nextInt(5000);
            add(t, w, 1);
            expected.merge(w, 1L, Long::sum);
        }
        assertEquals(expected.size(), t.size());
        expected.forEach((w, c) -> assertEquals(c, t.count(w), w));
        assertEquals(50_000, t.total());
        assertEquals(0, t.count("absent"));
    }

    @Test
    void entriesKeepTheirInsertionOrderAndAddAllSums() {
        WordTable a = new WordTable();
        add(a, "b", 2);
        add(a, "a", 1);
        add(a, "b", 3);
        assertEquals("b", a.word(0));
        assertEquals(5, a.count(0));
        WordTable sum = new WordTable();
        add(sum, "a", 10);
        sum.addAll(a);
        assertEquals(11, sum.count("a"));
        assertEquals(5, sum.count("b"));
        a.clear();
        assertEquals(0, a.size());
        assertEquals(0, a.count("b"));
    }
}
