package dev.bulwark.apps.wordcount;

import dev.bulwark.ipc.Message;
import dev.bulwark.sandbox.app.App;
import dev.bulwark.sandbox.app.AppContext;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One mapper fed chunks by hand, its messages to the driver and to its reducer recorded. */
class WcMapperTest {
    /** Keeps copies of what it receives. */
    private static final class Recorder implements App {
        final List<Message> got;

        Recorder(List<Message> got) {
            this.got = got;
        }

        @Override
        public void start(AppContext ctx) {
        }

        @Override
        public void onMessage(AppContext ctx, Message message) {
            got.add(message.copy());
        }
    }

    private final List<Message> atDriver = new ArrayList<>();
    private final List<Message> atReducer = new ArrayList<>();
    private final FakeChip chip = new FakeChip(1)
            .sandbox("driver", p -> new Recorder(atDriver), Map.of())
            .sandbox("m", WcMapper::create, Map.of("driver", "driver", "reducers", "r"))
            .sandbox("r", p -> new Recorder(atReducer), Map.of())
            .channel("driver", "m", 64, 2048).channel("m", "driver", 64, 2048).channel("m", "r", 64, 2048);

    private static byte[] chunk(int split, int attempt, int index, boolean last, String text) {
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(WcProtocol.CHUNK_HEADER + t.length).order(ByteOrder.LITTLE_ENDIAN).putLong(7)
                .putInt(split).putInt(attempt).putInt(index).putInt(last ? 1 : 0).put(t).array();
    }

    private void feed(byte[]... chunks) {
        for (byte[] c : chunks) {
            chip.send("driver", "m", WcProtocol.CHUNK, c);
        }
        chip.runUntil(() -> false, 10_000);
    }

    /** The (split, attempt) of each END the reducer got, as "split/attempt", and the counts of all COUNTS. */
    private List<String> ends() {
        return atReducer.stream().filter(m -> m.type() == WcProtocol.END).map(m -> m.getInt(8) + "/" + m.getInt(12)).toList();
    }

    private Map<String, Long> counts() {
        Map<String, Long> counts = new TreeMap<>();
        for (Message m : atReducer) {
            if (m.type() == WcProtocol.COUNTS) {
                WcProtocol.forEachEntry(m.payload(), WcProtocol.COUNTS_HEADER, (b, o, l, c) ->
                        counts.merge(new String(b, o, l, StandardCharsets.US_ASCII), c, Long::sum));
            }
        }
        return counts;
    }

    @Test
    void aSplitsChunksAreCountedAsOneTextAndEndedOnceComplete() {
        chip.boot();
        feed(chunk(0, 1, 0, false, "the ca"), chunk(0, 1, 1, false, "t and the"), chunk(0, 1, 2, true, " hat"));
        assertEquals(List.of("0/1"), ends());
        assertEquals(Map.of("the", 2L, "cat", 1L, "and", 1L, "hat", 1L), counts());
        WcProtocol.Hello hello = WcProtocol.Hello.read(atDriver.getFirst());
        assertEquals(new WcProtocol.Hello(WcProtocol.FIRST_GENERATION, WcProtocol.MAPPER, "m", "r"), hello);
    }

    @Test
    void aSplitWithAMissingChunkIsDroppedAndTheNextSplitCountsAlone() {
        chip.boot();
        feed(chunk(0, 1, 0, false, "lost "), chunk(0, 1, 2, true, "words")); // chunk 1 never came
        feed(chunk(0, 2, 1, true, "stray ")); // a later attempt's chunk without its start
        assertEquals(List.of(), ends(), "nothing of an incomplete split reaches a reducer");
        feed(chunk(1, 1, 0, true, "x y x"));
        assertEquals(List.of("1/1"), ends());
        assertEquals(Map.of("x", 2L, "y", 1L), counts());
    }

    @Test
    void aChunkZeroStartsAfreshDroppingAnUnfinishedSplit() {
        chip.boot();
        feed(chunk(0, 1, 0, false, "abandoned "), chunk(3, 1, 0, true, "kept"));
        assertEquals(List.of("3/1"), ends());
        assertEquals(Map.of("kept", 1L), counts());
    }

    @Test
    void everyStartSaysHelloWithAGenerationThatGrows() {
        chip.boot();
        chip.runUntil(() -> false, 100);
        chip.restartApp("m");
        chip.runUntil(() -> false, 100);
        chip.restartKernel("m");
        chip.runUntil(() -> false, 100);
        List<Long> generations = atDriver.stream().filter(m -> m.type() == WcProtocol.HELLO)
                .map(m -> WcProtocol.Hello.read(m).generation()).toList();
        assertEquals(List.of(WcProtocol.generation(1, 1), WcProtocol.generation(1, 2), WcProtocol.generation(2, 1)),
                generations);
        assertTrue(generations.get(2) > generations.get(1));
    }
}
