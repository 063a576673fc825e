package dev.bulwark.drill;

import dev.bulwark.monitor.event.Detection;
import dev.bulwark.monitor.event.MonitorEvent;
import dev.bulwark.monitor.policy.Scheme;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the events after a message corruption say: a drop at the receiver is a detection, and it serves on. */
class AftermathTest {
    private final Aftermath channel = new Aftermath("kv-1", Set.of("kv-1"), "front->kv-1");

    @Test
    void aDroppedMessageIsNoticedByChecksumAndTheReceiverIsBackAtOnce() {
        channel.accept(new MonitorEvent.MessageCorrupted(50, "kv-0", 1, "front->kv-0", 7)); // another channel's
        assertFalse(channel.noticed());
        channel.accept(new MonitorEvent.MessageCorrupted(100, "kv-1", 2, "front->kv-1", 9));
        assertTrue(channel.noticed());
        assertEquals(100, channel.detectedAt());
        assertEquals(Detection.CHECKSUM.describe(), channel.detection());
        assertEquals(100, channel.backAt(), "the receiver never stopped serving");
        assertNull(channel.detected(), "no failure of the receiver");
        assertEquals(List.of(), channel.harm());
    }

    @Test
    void theReceiverFailingOrRestartedAfterADropIsHarmNotItsRecovery() {
        channel.accept(new MonitorEvent.MessageCorrupted(100, "kv-1", 2, "front->kv-1", 9));
        channel.accept(new MonitorEvent.FaultDetected(200, "kv-1", 2, Detection.TRAP, "boom"));
        channel.accept(new MonitorEvent.Recovering(300, "kv-1", 3, Scheme.RESTART, 2));
        assertNull(channel.detected());
        assertNull(channel.recovering());
        assertEquals(List.of("kv-1 failed (trap: boom)", "kv-1 was restarted (restart) after a message on front->kv-1 was dropped"),
                channel.harm());
    }

    @Test
    void withoutAChannelTheVictimsDropsAreNotItsFaultsDetection() {
        Aftermath kernel = new Aftermath("kv-1", Set.of("kv-1"));
        kernel.accept(new MonitorEvent.MessageCorrupted(100, "kv-1", 2, "front->kv-1", 9)); // a zombie's stray write, say
        assertFalse(kernel.noticed());
        kernel.accept(new MonitorEvent.FaultDetected(200, "kv-1", 2, Detection.TRAP, "boom"));
        assertTrue(kernel.noticed());
        assertEquals(200, kernel.detectedAt());
        assertEquals(-1, kernel.backAt());
    }
}
