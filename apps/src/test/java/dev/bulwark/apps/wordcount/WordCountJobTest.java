package dev.bulwark.apps.wordcount;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whole word-count jobs on a {@link FakeChip}: a driver, mappers and reducers exchanging real protocol
 * messages over bounded channels, with restarts and stops, each checked against a direct count.
 */
class WordCountJobTest {
    private static final int PAGE = 4096;

    /** A chip with a driver ("driver"), mappers m0.., reducers r0.., an input and an output device. */
    private static FakeChip chip(long seed, byte[] text, int mappers, int reducers, int capacity, int slotBytes,
                                 Map<String, String> driverParams, int outputBytes) {
        FakeChip chip = new FakeChip(seed);
        List<String> ms = java.util.stream.IntStream.range(0, mappers).mapToObj(i -> "m" + i).toList();
        List<String> rs = java.util.stream.IntStream.range(0, reducers).mapToObj(i -> "r" + i).toList();
        Map<String, String> params = new HashMap<>(Map.of("input", "disk", "output", "out", "console", "tty",
                "mappers", String.join(",", ms), "reducers", String.join(",", rs), "split", "16KiB"));
        params.putAll(driverParams);
        chip.sandbox("driver", WcDriver::create, params);
        for (String m : ms) {
            chip.sandbox(m, WcMapper::create, Map.of("driver", "driver", "reducers", String.join(",", rs)));
        }
        for (String r : rs) {
            chip.sandbox(r, WcReducer::create, Map.of("driver", "driver"));
        }
        for (String m : ms) {
            chip.channel("driver", m, capacity, slotBytes).channel(m, "driver", capacity, slotBytes);
            for (String r : rs) {
                chip.channel(m, r, capacity, slotBytes);
            }
        }
        for (String r : rs) {
            chip.channel("driver", r, capacity, slotBytes).channel(r, "driver", capacity, slotBytes);
        }
        chip.block("driver", "disk", text, PAGE, seed % 2 == 1).block("driver", "out", new byte[outputBytes], PAGE, false)
                .console("driver", "tty");
        chip.boot();
        return chip;
    }

    static FakeChip chip(long seed, byte[] text) {
        return chip(seed, text, 3, 2, 64, 2048, Map.of(), 1 << 20);
    }

    /** The output device's text: up to its first zero byte. */
    private static String output(FakeChip chip) {
        byte[] out = chip.contents("driver", "out");
        int end = 0;
        while (end < out.length && out[end] != 0) {
            end++;
        }
        return new String(out, 0, end, StandardCharsets.US_ASCII);
    }

    static void assertExact(FakeChip chip, byte[] text) {
        assertTrue(chip.finished(), "the job finished; console: " + chip.console());
        assertTrue(chip.success(), chip.summary());
        TreeMap<String, Long> direct = DirectCount.of(text);
        assertEquals(DirectCount.lines(direct), output(chip));
        assertTrue(chip.summary().startsWith("%d bytes, %d words, %d distinct; top: ".formatted(text.length,
                DirectCount.words(direct), direct.size())), chip.summary());
        assertEquals(1, chip.finishes(), "the driver finishes once");
    }

    @Test
    void aJobCountsEveryWordOfTheInputAndWritesTheSortedCounts() {
        byte[] text = new TextGenerator(1).generate(300_000);
        FakeChip chip = chip(2, text);
        assertTrue(chip.runUntil(chip::finished, 5_000_000));
        assertExact(chip, text);
        TreeMap<String, Long> direct = DirectCount.of(text);
        String top = direct.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                .thenComparing(Map.Entry.comparingByKey())).limit(10).map(e -> e.getKey() + " " + e.getValue())
                .collect(java.util.stream.Collectors.joining(", "));
        assertTrue(chip.summary().endsWith("top: " + top), chip.summary() + " vs " + top);
        assertTrue(chip.console().stream().anyMatch(l -> l.matches("  the +\\d+")), chip.console().toString());
    }

    @Test
    void pagesCompletingOutOfOrderAreReassembled() {
        byte[] text = new TextGenerator(4).generate(150_000);
        FakeChip chip = chip(3, text); // odd seed: shuffled completions
        assertTrue(chip.runUntil(chip::finished, 5_000_000));
        assertExact(chip, text);
    }

    @Test
    void tinyChannelsRefuseOftenAndNothingIsLostOrCountedTwice() {
        byte[] text = new TextGenerator(5).generate(200_000);
        FakeChip chip = chip(6, text, 2, 3, 2, 256, Map.of("split", "3000"), 1 << 20);
        assertTrue(chip.runUntil(chip::finished, 20_000_000));
        assertExact(chip, text);
        assertTrue(chip.refusals() > 1_000, chip.refusals() + " refusals");
    }

    @Test
    void anEmptyInputCountsNothing() {
        FakeChip chip = chip(8, new byte[0]);
        assertTrue(chip.runUntil(chip::finished, 100_000));
        assertTrue(chip.success(), chip.summary());
        assertEquals("0 bytes, 0 words, 0 distinct; top: (none)", chip.summary());
        assertEquals("", output(chip));
    }

    /** Splits the driver has seen done, from its memory. */
    private static long done(FakeChip chip) {
        return chip.memory("driver").getLong(WcDriver.DONE_AT);
    }

    @Test
    void aMapperWhoseKernelRestartsMidSplitHasItsSplitsIssuedAgain() {
        byte[] text = new TextGenerator(7).generate(400_000);
        FakeChip chip = chip(10, text);
        assertTrue(chip.runUntil(() -> done(chip) >= 3, 5_000_000)); // going: some splits done, mappers busy
        chip.restartKernel("m1");
        assertTrue(chip.runUntil(chip::finished, 5_000_000));
        assertExact(chip, text);
        assertTrue(chip.console().stream().anyMatch(l -> l.matches("wordcount: m1 restarted; issuing again the [1-9]\\d* split.*")),
                chip.console().toString());
    }

    @Test
    void aMapperRestartedManyTimesStillGivesTheExactCount() {
        byte[] text = new TextGenerator(8).generate(400_000);
        for (long seed = 20; seed < 24; seed++) {
            FakeChip chip = chip(seed, text);
            for (int i = 0; i < 6 && !chip.finished(); i++) {
                long target = 2L * i;
                chip.runUntil(() -> done(chip) >= target, 5_000_000);
                chip.restartKernel("m" + (i % 3));
                if (i % 2 == 1) {
                    chip.restartApp("m" + ((i + 1) % 3));
                }
            }
            assertTrue(chip.runUntil(chip::finished, 5_000_000), "seed " + seed);
            assertExact(chip, text);
        }
    }

    @Test
    void aMapperStoppedForGoodHasItsSplitsTakenOverAfterTheTimeout() {
        byte[] text = new TextGenerator(9).generate(200_000);
        FakeChip chip = chip(12, text, 3, 2, 64, 2048, Map.of("timeout", "20ms"), 1 << 20);
        assertTrue(chip.runUntil(() -> done(chip) >= 2, 5_000_000));
        chip.stop("m2");
        assertTrue(chip.runUntil(chip::finished, 5_000_000));
        assertExact(chip, text);
        assertTrue(chip.console().stream().anyMatch(l -> l.contains("made no progress for 20 ms")), chip.console().toString());
    }

    @Test
    void aReducerThatRestartsLosesItsCountsAndTheJobRunsAgain() {
        byte[] text = new TextGenerator(10).generate(200_000);
        FakeChip chip = chip(14, text);
        assertTrue(chip.runUntil(() -> done(chip) >= 4, 5_000_000));
        assertFalse(chip.finished());
        chip.restartKernel("r1");
        assertTrue(chip.runUntil(chip::finished, 5_000_000));
        assertExact(chip, text);
        assertTrue(chip.console().stream().anyMatch(l -> l.contains("r1 restarted and lost its counts; starting the job again")),
                chip.console().toString());
    }

    @Test
    void anOutputDeviceTooSmallFailsTheJobSayingSo() {
        byte[] text = new TextGenerator(11).generate(100_000);
        FakeChip chip = chip(16, text, 2, 2, 64, 2048, Map.of(), 1000);
        assertTrue(chip.runUntil(chip::finished, 5_000_000));
        assertFalse(chip.success());
        assertTrue(chip.summary().matches("the result is \\d+ bytes but output device out has 1000: give it a larger size"),
                chip.summary());
    }

    @Test
    void aWordTooLongForAMessageFailsTheJobInsteadOfCountingItWrong() {
        byte[] text = ("short words then " + "x".repeat(3000) + " and more").getBytes(StandardCharsets.US_ASCII);
        FakeChip chip = chip(18, text, 1, 1, 64, 512, Map.of(), 1 << 16);
        assertTrue(chip.runUntil(chip::finished, 1_000_000));
        assertFalse(chip.success());
        assertEquals("split 0 has a word of 3000 letters; the longest that fits a message to the reducers has 482",
                chip.summary());
    }

    @Test
    void theOutputTextEndsAtTheFirstZeroWhateverTheDeviceHeldBefore() {
        byte[] text = "b a b".getBytes(StandardCharsets.US_ASCII);
        FakeChip chip = chip(20, text, 1, 1, 64, 2048, Map.of(), 3 * PAGE);
        java.util.Arrays.fill(chip.contents("driver", "out"), (byte) 'z');
        assertTrue(chip.runUntil(chip::finished, 1_000_000));
        assertEquals("a 1\nb 2\n", output(chip));
    }
}
