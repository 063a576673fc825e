package dev.bulwark.monitor;

import dev.bulwark.hw.clock.NanoClock;
import dev.bulwark.hw.fault.Fault;
import dev.bulwark.hw.fault.MemoryArea;
import dev.bulwark.monitor.event.Detection;
import dev.bulwark.monitor.event.MonitorEvent;
import dev.bulwark.monitor.policy.Redundant;
import dev.bulwark.monitor.policy.Restart;
import dev.bulwark.ipc.channel.Channel;
import dev.bulwark.monitor.spec.SystemSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.time.Duration;

import static dev.bulwark.monitor.ReplicaTestApps.Journal;
import static dev.bulwark.monitor.ReplicaTestApps.MESSAGES;
import static dev.bulwark.monitor.ReplicaTestApps.TICKS;
import static dev.bulwark.monitor.ReplicaTestApps.Watch;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Redundant execution: the input sequencer and the output comparator (stage 1 of COVERT). */
class RedundantExecutionTest {
    private static final Duration DONE = Duration.ofSeconds(60);
    private Monitor monitor;

    @AfterEach
    void close() {
        if (monitor != null) {
            monitor.close();
        }
    }

    private Monitor boot(SystemSpec spec) {
        monitor = Monitor.boot(spec, ReplicaTestApps.registry(), NanoClock.SYSTEM, 1);
        return monitor;
    }

    private static boolean done(MemorySegment journal) {
        return done(journal, MESSAGES);
    }

    /** Whether {@code journal} has handled every message of two feeders of {@code messages} each, and every tick. */
    private static boolean done(MemorySegment journal, int messages) {
        return Journal.messages(journal) == 2L * messages && Journal.ticks(journal) == TICKS;
    }

    private Channel channel(String name) {
        return monitor.channels().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void twoCopiesFedOneLogEndWithIdenticalMemoryAndOneCopyOfEachOutputLeaves() {
        boot(ReplicaTestApps.journal(ReplicaTestApps.redundant(2)));
        Sandbox one = monitor.sandbox("journal.1");
        Sandbox two = monitor.sandbox("journal.2");
        await().atMost(DONE).until(() -> done(one.appMemory()) && done(two.appMemory())
                && TestApps.Tally.count(monitor.sandbox("sink").appMemory()) == 2L * MESSAGES + TICKS);

        assertEquals(-1, one.appMemory().mismatch(two.appMemory()), "the copies' memories differ");
        // every input gave one output per copy, and one of each pair left: the sink got exactly one per input
        assertEquals(2L * MESSAGES + TICKS, channel("journal->sink").stats().sent());
        assertEquals(2L * MESSAGES + TICKS, TestApps.Tally.count(monitor.sandbox("sink").appMemory()));
        assertEquals(1, one.incarnation());
        assertEquals(1, two.incarnation());
    }

    @Test
    void withoutTheSequencerTwoCopiesOfTheSameInputsDiverge() {
        boot(ReplicaTestApps.twoJournals());
        Sandbox one = monitor.sandbox("j1");
        Sandbox two = monitor.sandbox("j2");
        await().atMost(DONE).until(() -> done(one.appMemory()) && done(two.appMemory()));

        // the same messages on the same channels, the same timers: only the interleaving and the clock differ
        assertEquals(Journal.messages(one.appMemory()), Journal.messages(two.appMemory()));
        assertNotEquals(Journal.hash(one.appMemory()), Journal.hash(two.appMemory()), "two plain copies agreed by chance");
    }

    /** Messages each feeder sends in the fault tests: enough to outlast the injection and the recovery. */
    private static final int LONG_RUN = 2_000;
    /** Bit 40 of the journal's message count (bit 0 of its sixth byte): its next output then carries a count no correct copy makes. */
    private static final Fault FLIP_COUNT = new Fault.BitFlip(MemoryArea.APP_DATA, 5, 0);

    private long events(Class<? extends MonitorEvent> type, String sandbox) {
        return monitor.events().snapshot().stream().filter(type::isInstance).map(type::cast)
                .filter(e -> e.sandbox().equals(sandbox)).count();
    }

    private boolean detected(Detection how, String sandbox) {
        return monitor.events().snapshot().stream().anyMatch(e -> e instanceof MonitorEvent.FaultDetected d
                && d.detection() == how && d.sandbox().equals(sandbox));
    }

    @Test
    void withTwoCopiesAFlipThatChangesAnOutputIsDetectedBeforeItLeavesAndTheChainRestartsBoth() {
        boot(ReplicaTestApps.journal(ReplicaTestApps.redundant(2), LONG_RUN, "watch"));
        Sandbox one = monitor.sandbox("journal.1");
        Sandbox two = monitor.sandbox("journal.2");
        MemorySegment sink = monitor.sandbox("sink").appMemory();
        await().atMost(DONE).until(() -> Watch.received(sink) > 100);

        two.inject(FLIP_COUNT);

        await().atMost(DONE).until(() -> detected(Detection.OUTPUT_MISMATCH, "journal.1"));
        // the chain's next scheme (restart) brings both copies back from the pristine image, as a new generation
        await().atMost(DONE).until(() -> one.incarnation() == 2 && two.incarnation() == 2 && one.isServing() && two.isServing());
        assertTrue(monitor.events().snapshot().stream().anyMatch(e -> e instanceof MonitorEvent.Recovering r
                && r.sandbox().equals("journal.2") && r.scheme() instanceof Restart));
        await().atMost(DONE).until(() -> Journal.messages(one.appMemory()) > 0 && Watch.received(sink) > 200);
        assertEquals(0, Watch.wrong(sink), "a wrong output reached the receiver");
    }

    /** The copies' detections and rebuilds so far, for a failure's message. */
    private String copyEvents() {
        return monitor.events().snapshot().stream().filter(e -> e instanceof MonitorEvent.FaultDetected
                || e instanceof MonitorEvent.CopyRebuilt || e instanceof MonitorEvent.Recovering).map(Object::toString)
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    @Test
    void withThreeCopiesTheSameFlipIsMaskedAndTheOddCopyIsRebuiltFromAGoodOne() {
        try {
            flipMaskedByThree();
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "; events:\n" + copyEvents(), e);
        }
    }

    private void flipMaskedByThree() {
        boot(ReplicaTestApps.journal(ReplicaTestApps.redundant(3), LONG_RUN, "watch"));
        Sandbox one = monitor.sandbox("journal.1");
        Sandbox two = monitor.sandbox("journal.2");
        Sandbox three = monitor.sandbox("journal.3");
        MemorySegment sink = monitor.sandbox("sink").appMemory();
        await().atMost(DONE).until(() -> Watch.received(sink) > 100);

        three.inject(FLIP_COUNT);

        await().atMost(DONE).until(() -> detected(Detection.OUTPUT_MISMATCH, "journal.3"));
        await().atMost(DONE).until(() -> events(MonitorEvent.CopyRebuilt.class, "journal.3") >= 1 && three.isServing());
        assertTrue(monitor.events().snapshot().stream().anyMatch(e -> e instanceof MonitorEvent.Recovering r
                && r.sandbox().equals("journal.3") && r.scheme() instanceof Redundant));
        // once the feeders are done, the rebuilt copy has the memory of the two that never stopped
        await().atMost(DONE).alias("the rebuilt copy caught up: " + Journal.messages(three.appMemory())).until(() ->
                done(one.appMemory(), LONG_RUN) && done(two.appMemory(), LONG_RUN) && done(three.appMemory(), LONG_RUN));
        assertEquals(-1, one.appMemory().mismatch(three.appMemory()), "the rebuilt copy's memory differs");
        assertEquals(-1, one.appMemory().mismatch(two.appMemory()));
        assertEquals(1, one.incarnation(), "a good copy stopped");
        assertEquals(1, two.incarnation(), "a good copy stopped");
        assertEquals(2, three.incarnation(), () -> "rebuilt more than once: " + monitor.events().snapshot().stream()
                .filter(e -> e instanceof MonitorEvent.FaultDetected d && d.sandbox().equals("journal.3")).toList());
        assertEquals(0, Watch.wrong(sink), "a wrong output reached the receiver");
        assertEquals(2L * LONG_RUN + TICKS, Watch.received(sink), "the sandbox lost or repeated an output");
        assertTrue(monitor.events().snapshot().stream().noneMatch(e -> e instanceof MonitorEvent.FaultDetected d
                && !d.sandbox().equals("journal.3")), "only the odd copy failed");
    }

    @Test
    void aCopyThatPanicsIsRebuiltByReplayWhileTheSurvivorServesAlone() {
        boot(ReplicaTestApps.journal(ReplicaTestApps.redundant(2), LONG_RUN, "watch"));
        Sandbox one = monitor.sandbox("journal.1");
        Sandbox two = monitor.sandbox("journal.2");
        MemorySegment sink = monitor.sandbox("sink").appMemory();
        await().atMost(DONE).until(() -> Watch.received(sink) > 100);

        two.inject(new Fault.KernelPanic(Fault.Site.KERNEL));

        await().atMost(DONE).until(() -> events(MonitorEvent.CopyRebuilt.class, "journal.2") == 1 && two.isServing());
        await().atMost(DONE).until(() -> done(one.appMemory(), LONG_RUN) && done(two.appMemory(), LONG_RUN));
        assertEquals(-1, one.appMemory().mismatch(two.appMemory()), "the rebuilt copy's memory differs");
        assertEquals(1, one.incarnation(), "the survivor stopped");
        assertEquals(2, two.incarnation());
        assertEquals(2L * LONG_RUN + TICKS, Watch.received(sink), "the sandbox lost or repeated an output");
    }

    @Test
    void aCorruptedLogEntryFailsItsCopyWhichIsRebuiltByReplay() {
        boot(ReplicaTestApps.journal(ReplicaTestApps.redundant(2), LONG_RUN, "watch"));
        Sandbox one = monitor.sandbox("journal.1");
        Sandbox two = monitor.sandbox("journal.2");
        MemorySegment sink = monitor.sandbox("sink").appMemory();
        await().atMost(DONE).until(() -> Watch.received(sink) > 100);

        monitor.injector().inject(monitor.channel("journal->journal.2"), new Fault.MessageCorruption(200));

        await().atMost(DONE).until(() -> events(MonitorEvent.CopyRebuilt.class, "journal.2") >= 1 && two.isServing());
        await().atMost(DONE).until(() -> done(one.appMemory(), LONG_RUN) && done(two.appMemory(), LONG_RUN));
        assertEquals(-1, one.appMemory().mismatch(two.appMemory()), "the rebuilt copy's memory differs");
        assertEquals(1, one.incarnation(), "the survivor stopped");
        assertEquals(2L * LONG_RUN + TICKS, Watch.received(sink), "the sandbox lost or repeated an output");
    }
}
