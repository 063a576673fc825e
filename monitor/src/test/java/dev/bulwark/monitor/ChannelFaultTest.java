package dev.bulwark.monitor;

import dev.bulwark.hw.fault.Fault;
import dev.bulwark.hw.fault.FaultInjected;
import dev.bulwark.ipc.channel.Channel;
import dev.bulwark.ipc.channel.FrameCorrupter;
import dev.bulwark.monitor.event.Detection;
import dev.bulwark.monitor.event.MonitorEvent;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A message corruption injected into a channel of a running chip: detected by the receiver's checksum, contained. */
class ChannelFaultTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    /** The tally's words as one consistent snapshot (its seal matches), or null if the kernel was mid-update. */
    private static long[] tally(MemorySegment memory) {
        long count = memory.get(ValueLayout.JAVA_LONG_UNALIGNED, 0);
        long first = memory.get(ValueLayout.JAVA_LONG_UNALIGNED, 8);
        long last = memory.get(ValueLayout.JAVA_LONG_UNALIGNED, 16);
        long seal = memory.get(ValueLayout.JAVA_LONG_UNALIGNED, 24);
        return seal == TestApps.Tally.seal(count, first, last) ? new long[] {count, first, last} : null;
    }

    @Test
    void aCorruptedMessageIsDetectedByTheReceiversChecksumRecordedAndDroppedWhileTheReceiverKeepsItsIncarnation() {
        try (Monitor monitor = Monitor.boot(TestApps.twoPairs(Duration.ofMillis(200), 1024, TestApps.restarts(3)),
                TestApps.registry())) {
            corruptAndWatch(monitor);
        }
    }

    private static void corruptAndWatch(Monitor monitor) {
        Sandbox tally = monitor.sandbox("tally-a");
        await().atMost(PATIENCE).until(() -> TestApps.Tally.count(tally.appMemory()) > 10);
        Channel channel = tally.inbound().getFirst();
        FrameCorrupter target = monitor.channel("ticker-a->tally-a");
        assertSame(channel.corrupter(), target);

        FaultInjected injected = monitor.injector().inject(target, new Fault.MessageCorruption(12_345));
        assertEquals("ticker-a->tally-a", injected.target());
        MonitorEvent.MessageCorrupted detected = await().atMost(PATIENCE).until(
                () -> monitor.events().all(MonitorEvent.MessageCorrupted.class), l -> !l.isEmpty()).getFirst();

        assertEquals("tally-a", detected.sandbox());
        assertEquals(1, detected.incarnation());
        assertEquals("ticker-a->tally-a", detected.channel());
        assertEquals(Detection.CHECKSUM, detected.detection());
        assertTrue(detected.nanos() >= injected.nanos());
        assertEquals(1, channel.stats().corrupted());
        long[] after = await().atMost(PATIENCE).until(() -> tally(tally.appMemory()),
                t -> t != null && t[2] > detected.seq() + 10);
        assertEquals(after[2] - after[1], after[0], "exactly one message between the tally's first and last is missing");
        assertTrue(after[1] < detected.seq(), "the event names the dropped message: " + detected.seq());
        assertEquals(1, tally.incarnation(), "the receiver was not restarted");
        assertTrue(monitor.events().all(MonitorEvent.FaultDetected.class).isEmpty(), "a dropped message is no failure");
        assertTrue(monitor.events().all(MonitorEvent.Recovering.class).isEmpty());
        assertEquals(List.of(detected), monitor.events().all(MonitorEvent.MessageCorrupted.class));
    }

    @Test
    void aChannelIsNamedAsItsSenderAndReceiverAndAnUnknownNameSaysWhichThereAre() {
        try (Monitor monitor = Monitor.boot(TestApps.twoPairs(Duration.ofMillis(200), 64, TestApps.restarts(3)),
                TestApps.registry())) {
            var e = assertThrows(IllegalArgumentException.class, () -> monitor.channel("tally-a->ticker-a"));
            assertEquals("no channel named 'tally-a->ticker-a' (have [ticker-a->tally-a, ticker-b->tally-b])", e.getMessage());
        }
    }
}
