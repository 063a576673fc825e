package dev.bulwark.monitor;

import dev.bulwark.hw.fault.Fault;
import dev.bulwark.hw.memory.Backing;
import dev.bulwark.monitor.event.MonitorEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each sandbox owns two backings for the chip's life: where they go on a restart and at close (a microreboot: RecoveryPlanTest). */
class SandboxBackingsTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private Monitor monitor;
    private Sandbox tally;

    @BeforeEach
    void boot() {
        monitor = Monitor.boot(TestApps.twoPairs(Duration.ofMillis(200), 1024, TestApps.restarts(3)), TestApps.registry());
        tally = monitor.sandbox("tally-a");
        await().atMost(PATIENCE).until(() -> tally.isServing() && TestApps.Tally.count(tally.appMemory()) > 10);
    }

    @AfterEach
    void shutDown() {
        monitor.close();
    }

    /** Takes the spare as soon as the reaper has stocked one. */
    private Backing awaitSpare() {
        AtomicReference<Backing> spare = new AtomicReference<>();
        await().atMost(PATIENCE).until(() -> {
            spare.set(tally.takeSpare());
            return spare.get() != null;
        });
        return spare.get();
    }

    private void awaitServing(int incarnation) {
        await().atMost(PATIENCE).until(() -> monitor.events().all(MonitorEvent.Serving.class).stream()
                .anyMatch(e -> e.sandbox().equals("tally-a") && e.incarnation() == incarnation));
    }

    private static boolean allZero(MemorySegment bytes) {
        return bytes.mismatch(MemorySegment.ofArray(new byte[(int) bytes.byteSize()])) == -1;
    }

    @Test
    void aRestartMapsTheZeroedSpareAndTheFailedIncarnationsBackingBecomesTheNextSpare() {
        Backing first = tally.current().backing();
        Backing spare = awaitSpare();
        assertNotSame(first, spare);
        tally.stockSpare(spare);

        monitor.injector().inject(tally, new Fault.KernelPanic(Fault.Site.KERNEL));
        awaitServing(2);

        assertSame(spare, tally.current().backing(), "the restart booted in the spare");
        Backing next = awaitSpare();
        assertSame(first, next, "the failed incarnation's backing came back as the spare: two backings, no third");
        assertFalse(next.isMapped());
        assertTrue(allZero(next.contents()), "and zeroed");
        tally.stockSpare(next);
        await().atMost(PATIENCE).until(() -> TestApps.Tally.count(tally.appMemory()) > 10);
        assertTrue(TestApps.Tally.firstSeq(tally.appMemory()) > 10, "the new incarnation started from zero");
    }

    @Test
    void withNoSpareReadyARestartClosesAndZeroesTheFailedBackingAndBootsThere() {
        Backing first = tally.current().backing();
        Backing held = awaitSpare(); // the test keeps it, so the restart finds none

        monitor.injector().inject(tally, new Fault.KernelPanic(Fault.Site.KERNEL));
        awaitServing(2);

        assertSame(first, tally.current().backing(), "booted on the failed incarnation's backing, nothing allocated");
        await().atMost(PATIENCE).until(() -> TestApps.Tally.count(tally.appMemory()) > 10);
        assertTrue(TestApps.Tally.firstSeq(tally.appMemory()) > 10, "zeroed first: the new incarnation started from zero");
        assertNull(tally.takeSpare(), "nothing came back as a spare: the reaper had nothing to recycle");
        tally.stockSpare(held);
    }

    @Test
    void closingTheMonitorFreesBothBackingsOfEverySandbox() {
        Backing spare = awaitSpare();
        tally.stockSpare(spare);
        List<Backing> mapped = monitor.sandboxes().stream().map(s -> s.current().backing()).toList();

        monitor.close();

        assertTrue(spare.isFreed());
        assertTrue(mapped.stream().allMatch(Backing::isFreed), mapped::toString);
        assertTrue(tally.current().partition().isRevoked());
    }
}
