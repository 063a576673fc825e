package dev.bulwark.apps;

import dev.bulwark.ipc.MessageCopy;
import dev.bulwark.sandbox.app.App;
import dev.bulwark.sandbox.app.AppContext;
import dev.bulwark.sandbox.app.AppMemoryCheck;
import dev.bulwark.sandbox.app.AppMemoryCorruptedException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The counter's sealed state: kept when whole, refused (and never silently reset) when any one bit flipped. */
class CounterServiceTest {
    private static final AppMemoryCheck CHECK = CounterService.DESCRIPTOR.memoryCheck();

    private final AppPage page = new AppPage();
    private final AppContext context = page.context("counter");

    private void add(App app, long amount) {
        app.onMessage(context, MessageCopy.of(CounterService.ADD, 1, 1, 0, 0,
                ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, amount).array()));
    }

    @Test
    void pristineMemoryIsIntactAndAStartedCounterKeepsItsSeal() {
        assertEquals(Optional.empty(), CHECK.problem(page.view()));
        App app = CounterService.create(Map.of());
        app.start(context);
        assertEquals(Optional.empty(), CHECK.problem(page.view()));
        assertEquals(0, CounterService.total(page.view()));
    }

    @Test
    void everySingleBitFlipOfTheSealedWordsIsFoundByTheCheck() {
        App app = CounterService.create(Map.of());
        app.start(context);
        for (int i = 1; i <= 17; i++) {
            add(app, i * 31);
        }
        assertEquals(17 * 18 / 2 * 31, CounterService.total(page.view()));
        page.assertEveryFlipFound(CHECK, 0, CounterService.STATE_BYTES);
    }

    @Test
    void aCounterThatFindsItsStateCorruptThrowsRatherThanCountOnOrStartAfresh() {
        App app = CounterService.create(Map.of());
        app.start(context);
        add(app, 5);
        page.flip(CounterService.TOTAL_AT + 2, 5);
        assertThrows(AppMemoryCorruptedException.class, () -> add(app, 1), "an update checks the seal first");
        assertThrows(AppMemoryCorruptedException.class, () -> CounterService.create(Map.of()).start(context),
                "a restart on it would not mend it");
        page.flip(CounterService.TOTAL_AT + 2, 5);
        page.flip(CounterService.MAGIC_AT, 0);
        assertThrows(AppMemoryCorruptedException.class, () -> CounterService.create(Map.of()).start(context),
                "a flipped magic is corruption, not a fresh memory");
        assertTrue(CHECK.problem(page.view()).orElseThrow().contains("magic"));
    }
}
