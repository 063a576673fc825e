package dev.bulwark.monitor;

import dev.bulwark.hw.clock.NanoClock;
import dev.bulwark.ipc.channel.Channel;
import dev.bulwark.monitor.spec.SystemSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.time.Duration;

import static dev.bulwark.monitor.ReplicaTestApps.Journal;
import static dev.bulwark.monitor.ReplicaTestApps.MESSAGES;
import static dev.bulwark.monitor.ReplicaTestApps.TICKS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

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
        return Journal.messages(journal) == 2L * MESSAGES && Journal.ticks(journal) == TICKS;
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
}
