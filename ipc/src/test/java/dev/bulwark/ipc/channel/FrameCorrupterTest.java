package dev.bulwark.ipc.channel;

import dev.bulwark.hw.core.Lease;
import dev.bulwark.hw.fault.Fault;
import dev.bulwark.hw.fault.FaultKind;
import dev.bulwark.hw.fault.FaultRefusedException;
import dev.bulwark.ipc.Message;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameCorrupterTest {
    private final Channel channel = Channel.allocate(0, "a", "b", 4, 64, () -> 1234);
    private final OutPort out = channel.producer(7, 1, new Lease("a#1"));
    private final List<Long> reported = new ArrayList<>();
    private final InPort in = channel.consumer(new Lease("b#1")).reportingTo((c, seq) -> {
        assertSame(channel, c);
        reported.add(seq);
    });

    private boolean send(long value) {
        return out.send(1, longBytes(value));
    }

    private static byte[] longBytes(long value) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (value >>> (8 * i));
        }
        return b;
    }

    @Test
    void aChannelTakesMessageCorruptionOnly() {
        FrameCorrupter target = channel.corrupter();
        assertEquals("a->b", target.targetName());
        assertEquals(Set.of(FaultKind.MESSAGE_CORRUPTION), target.acceptedFaults());
        assertThrows(IllegalArgumentException.class, () -> target.inject(new Fault.Hang()));
        assertFalse(target.isArmed());
    }

    @Test
    void aCorruptionInjectedWhileAMessageIsQueuedHitsItAndTheReceiverCountsItCorruptedNeverHandingItOver() {
        assertTrue(send(10));
        assertTrue(send(20));
        channel.corrupter().inject(new Fault.MessageCorruption(100));
        Message m = in.poll();
        assertEquals(2, m.seq(), "the queued message was hit and dropped; the next one arrives intact");
        assertEquals(20, m.getLong(0));
        in.handled();
        assertNull(in.poll());
        ChannelStats s = channel.stats();
        assertEquals(1, s.corrupted());
        assertEquals(1, s.handled());
        assertEquals(List.of(1L), reported, "the port reports the dropped message by its sequence number");
        assertFalse(channel.corrupter().isArmed());
    }

    @Test
    void aCorruptionInjectedWithNothingQueuedIsArmedAndHitsTheNextCommittedMessage() {
        FrameCorrupter target = channel.corrupter();
        target.inject(new Fault.MessageCorruption(3));
        assertTrue(target.isArmed());
        assertNull(in.poll(), "nothing to hit yet");
        assertTrue(target.isArmed());
        assertTrue(send(10));
        assertNull(in.poll(), "the next message was hit: dropped, not handed over");
        assertFalse(target.isArmed());
        assertTrue(send(11));
        Message m = in.poll();
        assertEquals(11, m.getLong(0), "one message per corruption");
        in.handled();
        assertEquals(1, channel.stats().corrupted());
        assertEquals(List.of(1L), reported);
    }

    @Test
    void aSecondCorruptionWhileOneIsArmedIsRefusedNeverLost() {
        FrameCorrupter target = channel.corrupter();
        target.inject(new Fault.MessageCorruption(5));
        var refused = assertThrows(FaultRefusedException.class, () -> target.inject(new Fault.MessageCorruption(6)));
        assertEquals("channel a->b has not yet passed a message through the corruption armed before: one at a time",
                refused.getMessage());
        assertEquals(new Fault.MessageCorruption(5), target.disarm(), "the first is still the armed one");
        assertNull(target.disarm());
        assertTrue(send(10));
        assertEquals(10, in.poll().getLong(0), "a disarmed corruption hits nothing");
        in.handled();
        target.inject(new Fault.MessageCorruption(6)); // taken again once none is armed
        assertTrue(target.isArmed());
    }

    @Test
    void everySealedBitOfHeaderAndPayloadIsDetectedAndABitBeyondThemWrapsAround() {
        int sealedBits = 8 * (FrameDescriptor.HEADER - FrameDescriptor.SEALED_FROM + 8);
        for (int bit = 0; bit <= sealedBits; bit++) { // the last one wraps to bit 0
            channel.corrupter().inject(new Fault.MessageCorruption(bit));
            assertTrue(send(bit));
            assertNull(in.poll(), "bit " + bit + " went undetected");
        }
        assertEquals(sealedBits + 1, channel.stats().corrupted());
        assertEquals(sealedBits + 1, reported.size());
        assertEquals(sealedBits + 1, reported.getLast());
    }

    @Test
    void corruptionsInjectedFromAThirdThreadHitExactlyOneMessageEachWhileTheRestArriveIntactInOrder() throws Exception {
        int messages = 200_000;
        int corruptions = 500;
        Channel ch = Channel.allocate(1, "p", "c", 16, 64, System::nanoTime);
        AtomicLong corrupted = new AtomicLong();
        InPort port = ch.consumer(new Lease("c#1")).reportingTo((c, seq) -> corrupted.incrementAndGet());
        Thread producer = Thread.ofPlatform().name("producer").start(() -> {
            OutPort p = ch.producer(1, 1, new Lease("p#1"));
            for (long seq = 1; seq <= messages; seq++) {
                while (!p.send(1, longBytes(seq))) {
                    Thread.yield();
                }
            }
        });
        AtomicLong intact = new AtomicLong();
        AtomicLong wrong = new AtomicLong();
        Thread consumer = Thread.ofPlatform().name("consumer").start(() -> {
            long last = 0;
            while (intact.get() + corrupted.get() < messages) {
                Message m = port.poll();
                if (m == null) {
                    Thread.yield();
                    continue;
                }
                if (m.getLong(0) != m.seq() || m.seq() <= last) {
                    wrong.incrementAndGet();
                }
                last = m.seq();
                port.handled();
                intact.incrementAndGet();
            }
        });
        FrameCorrupter target = ch.corrupter();
        int injected = 0;
        while (injected < corruptions && consumer.isAlive()) {
            try {
                target.inject(new Fault.MessageCorruption(injected * 37));
                injected++;
            } catch (FaultRefusedException armed) {
                Thread.yield(); // the last one has not hit a message yet
            }
        }
        producer.join(60_000);
        consumer.join(60_000);
        assertFalse(consumer.isAlive());
        assertTrue(injected > 1, "the injector got a word in: " + injected);
        Fault left = target.disarm(); // the last may find no message left to hit
        long hit = injected - (left == null ? 0 : 1);
        assertEquals(hit, corrupted.get());
        assertEquals(hit, ch.stats().corrupted());
        assertEquals(messages - hit, intact.get());
        assertEquals(0, wrong.get(), "no message handed over was other than what was sent, or out of order");
    }
}
