package dev.bulwark.apps;

import dev.bulwark.hw.memory.MemoryWindow;
import dev.bulwark.hw.memory.Partition;
import dev.bulwark.hw.memory.PhysicalMemory;
import dev.bulwark.sandbox.app.App;
import dev.bulwark.sandbox.app.AppContext;
import dev.bulwark.sandbox.app.AppMemoryCorruptedException;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The counter's sealed state: kept when whole, refused (and never silently reset) when any one bit flipped. */
class CounterServiceTest {
    private static final int PAGE = 4096;

    private final Partition partition = Partition.open(new PhysicalMemory(PAGE, PAGE).reserve("counter", 0, PAGE), PAGE);
    private final MemoryWindow memory = partition.window(0, PAGE);

    /** A context that hands the app its memory; the counter needs nothing else. */
    private AppContext context() {
        return (AppContext) Proxy.newProxyInstance(AppContext.class.getClassLoader(), new Class<?>[]{AppContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "memory" -> memory;
                    case "sandboxName" -> "counter";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private MemorySegment view() {
        return partition.contents();
    }

    @Test
    void pristineMemoryIsIntactAndAStartedCounterKeepsItsSeal() {
        assertEquals(Optional.empty(), CounterService.problem(view()));
        App app = CounterService.create(Map.of());
        app.start(context());
        assertEquals(Optional.empty(), CounterService.problem(view()));
        assertEquals(0, CounterService.total(view()));
    }

    @Test
    void everySingleBitFlipOfTheSealedWordsIsFoundByTheCheck() {
        App app = CounterService.create(Map.of());
        app.start(context());
        memory.putLong(CounterService.TOTAL_AT, 4465);
        memory.putLong(CounterService.MESSAGES_AT, 17);
        memory.putLong(CounterService.SEAL_AT, CounterService.seal(4465, 17));
        assertEquals(Optional.empty(), CounterService.problem(view()));
        for (int bit = 0; bit < CounterService.STATE_BYTES * 8; bit++) {
            partition.flipBit(bit / 8, bit % 8);
            assertTrue(CounterService.problem(view()).isPresent(), "bit " + bit + " flipped and not found");
            partition.flipBit(bit / 8, bit % 8);
        }
        assertEquals(Optional.empty(), CounterService.problem(view()));
    }

    @Test
    void aCounterThatFindsItsStateCorruptThrowsRatherThanCountOnOrStartAfresh() {
        App app = CounterService.create(Map.of());
        app.start(context());
        partition.flipBit(CounterService.TOTAL_AT + 2, 5);
        assertThrows(AppMemoryCorruptedException.class, () -> app.start(context()), "a restart on it would not mend it");
        partition.flipBit(CounterService.MAGIC_AT, 0);
        assertThrows(AppMemoryCorruptedException.class, () -> CounterService.create(Map.of()).start(context()),
                "a flipped magic is corruption, not a fresh memory");
        assertTrue(CounterService.problem(view()).orElseThrow().contains("magic"));
    }
}
