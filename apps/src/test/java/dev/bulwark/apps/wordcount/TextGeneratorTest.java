package dev.bulwark.apps.wordcount;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextGeneratorTest {
    @Test
    void theSameSeedGivesTheSameBytesAndAnotherSeedOthers() {
        byte[] a = new TextGenerator(42).generate(200_000);
        assertArrayEquals(a, new TextGenerator(42).generate(200_000));
        TextGenerator g = new TextGenerator(42);
        assertArrayEquals(g.generate(50_000), g.generate(50_000), "each call starts from the seed");
        assertFalse(java.util.Arrays.equals(a, new TextGenerator(43).generate(200_000)));
    }

    @Test
    void aShorterTextIsThePrefixOfALongerOne() {
        byte[] longer = new TextGenerator(5).generate(100_000);
        byte[] shorter = new TextGenerator(5).generate(70_001);
        assertArrayEquals(java.util.Arrays.copyOf(longer, 70_001), shorter);
    }

    @Test
    void writesExactlyTheBytesAskedForToAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("words.txt");
        new TextGenerator(9).write(file, 1_234_567);
        assertEquals(1_234_567, Files.size(file));
        assertArrayEquals(new TextGenerator(9).generate(1_234_567), Files.readAllBytes(file));
    }

    @Test
    void frequenciesFallLikeZipfOverAFewThousandWords() {
        TreeMap<String, Long> counts = DirectCount.of(new TextGenerator(1).generate(2_000_000));
        List<Map.Entry<String, Long>> ranked = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())).toList();
        assertEquals("the", ranked.getFirst().getKey());
        long first = ranked.get(0).getValue();
        long tenth = ranked.get(9).getValue();
        long hundredth = ranked.get(99).getValue();
        assertTrue(first > 5 * tenth && tenth > 5 * hundredth, first + " / " + tenth + " / " + hundredth);
        assertTrue(counts.size() > 2_000 && counts.size() < 20_000, counts.size() + " distinct words");
    }

    @Test
    void theTextHasSentencesLinesAndTheOddCharacterThatIsNoLetter() {
        String text = new String(new TextGenerator(3).generate(200_000), java.nio.charset.StandardCharsets.ISO_8859_1);
        for (String s : List.of("\n", ". ", ", ", "\"", "'s", "-", "\u00c3\u00a9")) {
            assertTrue(text.contains(s), "contains '" + s + "'");
        }
        assertTrue(text.matches("(?s).*[A-Z][a-z]+.*") && text.matches("(?s).*\\d+.*"));
        assertTrue(text.lines().mapToInt(String::length).max().orElseThrow() < 200, "lines are wrapped");
    }
}
