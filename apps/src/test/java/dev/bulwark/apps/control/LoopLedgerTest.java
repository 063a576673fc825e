package dev.bulwark.apps.control;

import dev.bulwark.sandbox.app.DeviceEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The deadline accounting on synthetic tick and answer sequences: 1 ms period, tick k due at k ms. */
class LoopLedgerTest {
    private static final long MS = 1_000_000;

    private final AppMemory memory = new AppMemory();
    private final LoopLedger ledger = LoopLedger.open(memory.window());

    @AfterEach
    void close() {
        memory.close();
    }

    /** Tick {@code k}, due at k ms, delivered {@code lateNanos} after that, {@code skipped} passed over before it. */
    private static DeviceEvent.Tick tick(long k, long lateNanos, long skipped) {
        return new DeviceEvent.Tick("clock", k, k * MS, k * MS + lateNanos, skipped);
    }

    /** The controller's part of a tick: account for it, then send its command. */
    private void handle(DeviceEvent.Tick t) {
        ledger.onTick(t);
        ledger.commandSent(t, 0, true);
    }

    /** The plant's answer to tick {@code k}'s command (sent at k ms), received at {@code at}. */
    private void answer(long k, long at, double theta) {
        ledger.onReport(new LoopProtocol.Report(k, k * MS, k, PoleState.leaning(theta)), at);
    }

    private long misses() {
        return LoopLedger.misses(memory.view());
    }

    private long deadlines() {
        return LoopLedger.deadlines(memory.view());
    }

    /** Closes the loop: tick 1, answered in time. */
    private void closeLoop() {
        handle(tick(1, 0, 0));
        answer(1, MS + 100_000, 0.1);
    }

    @Test
    void answersInTimeAreNoMisses() {
        closeLoop();
        for (long k = 2; k <= 100; k++) {
            handle(tick(k, 20_000, 0));
            answer(k, k * MS + 150_000, 0.05);
        }
        handle(tick(101, 0, 0));
        assertEquals(0, misses());
        assertEquals(100, deadlines());
        assertEquals(101, LoopLedger.ticks(memory.view()));
        assertEquals(150_000, LoopLedger.worstRoundTripNanos(memory.view()));
        assertEquals(20_000, LoopLedger.worstLatenessNanos(memory.view()));
    }

    @Test
    void anAnswerNotInByTheNextTickIsAMissAndTheLoopGoesOnWithTheLatestState() {
        closeLoop();
        handle(tick(2, 0, 0));
        handle(tick(3, 0, 0));                       // tick 2's command has no answer yet
        assertEquals(1, misses());
        answer(2, 3 * MS + 300_000, 0.07);           // it comes, late: still the latest state
        assertEquals(0.07, ledger.state().theta());
        handle(tick(4, 0, 0));                       // tick 3's command was never answered either
        assertEquals(2, misses());
        assertEquals(3, deadlines());
        assertEquals(1_300_000, LoopLedger.worstRoundTripNanos(memory.view()));
    }

    @Test
    void anAnswerReceivedAfterTheNextTicksDeadlineIsAMissEvenIfTheTickWasHandledLater() {
        closeLoop();
        handle(tick(2, 0, 0));
        answer(2, 3 * MS + 1, 0.05);                 // one ns after tick 3 was due ...
        handle(tick(3, 500_000, 0));                 // ... and tick 3 delivered half a period late
        assertEquals(1, misses());
        answer(3, 4 * MS, 0.05);                     // exactly on the deadline is in time
        handle(tick(4, 0, 0));
        assertEquals(1, misses());
    }

    @Test
    void skippedTicksAreMissesAndThePendingCommandIsDueAtTheFirstSkippedTick() {
        closeLoop();
        handle(tick(2, 0, 0));
        answer(2, 2 * MS + 900_000, 0.05);           // in time for tick 3, which will be skipped
        handle(tick(6, 0, 3));                       // ticks 3, 4, 5 passed over
        assertEquals(3, misses());
        assertEquals(1 + 1 + 3, deadlines(), "tick 1's command, tick 2's, and the three skipped");
        assertEquals(3, LoopLedger.skipped(memory.view()));

        answer(6, 7 * MS + 200_000, 0.05);           // after tick 7's deadline: late, whatever comes next
        handle(tick(9, 0, 2));
        assertEquals(3 + 2 + 1, misses());
    }

    @Test
    void aCommandTheChannelRefusedIsAMiss() {
        closeLoop();
        DeviceEvent.Tick two = tick(2, 0, 0);
        ledger.onTick(two);
        ledger.commandSent(two, 1.5, false);
        handle(tick(3, 0, 0));
        assertEquals(1, misses());
        assertTrue(LoopLedger.describe(memory.view()).contains("misses 1 of 2 (50.00%)"), LoopLedger.describe(memory.view()));
    }

    @Test
    void nothingCountsUntilThePlantFirstAnswers() {
        handle(tick(1, 0, 0));
        handle(tick(2, 3 * MS, 0));
        handle(tick(7, 0, 4));
        assertNull(ledger.state());
        assertEquals(0, misses());
        assertEquals(0, deadlines());
        assertEquals(3, LoopLedger.ticks(memory.view()));
        assertEquals("ticks 3, waiting for the plant's first state", LoopLedger.describe(memory.view()));
        assertFalse(LoopLedger.upright(memory.view()));
        answer(7, 7 * MS + 10 * MS, 0.1);            // the first answer: its round trip is the plant's boot, not counted
        handle(tick(8, 0, 0));
        assertEquals(1, misses(), "the answer came after tick 8's deadline");
        assertEquals(0, LoopLedger.worstRoundTripNanos(memory.view()));
    }

    @Test
    void onceThePoleLeansPastTheLimitItHasFallenForGood() {
        closeLoop();
        assertTrue(LoopLedger.upright(memory.view()));
        handle(tick(2, 0, 0));
        answer(2, 2 * MS + 1000, -0.51);
        handle(tick(3, 0, 0));
        answer(3, 3 * MS + 1000, 0.0);
        assertFalse(LoopLedger.upright(memory.view()));
        assertTrue(LoopLedger.describe(memory.view()).endsWith("fell (|theta| reached 0.510 rad)"), LoopLedger.describe(memory.view()));
    }

    @Test
    void theAccountSurvivesAnAppRestartAndAKernelRestartStartsItAgain() {
        closeLoop();
        handle(tick(2, 0, 0));
        handle(tick(3, 0, 0));
        LoopLedger again = LoopLedger.open(memory.window());
        assertEquals(1, misses());
        assertEquals(0.1, again.state().theta());
        memory.wipe();
        LoopLedger fresh = LoopLedger.open(memory.window());
        assertNull(fresh.state());
        assertEquals(0, LoopLedger.ticks(memory.view()));
    }

    @Test
    void theSummaryLine() {
        closeLoop();
        handle(tick(2, 410_000, 0));
        answer(2, 2 * MS + 120_000, 0.001);
        handle(tick(3, 0, 0));
        assertEquals("ticks 3, misses 0 of 2 (0.00%), skipped 0, worst lateness 0.410 ms, worst round trip 0.120 ms, "
                + "theta 0.0010 rad, upright", LoopLedger.describe(memory.view()));
        assertEquals("not started", LoopLedger.describe(new AppMemory().view()));
    }
}
