package dev.bulwark.ipc.channel;

import dev.bulwark.hw.core.Lease;
import dev.bulwark.hw.core.LeaseRevokedException;
import dev.bulwark.ipc.Claim;
import dev.bulwark.ipc.Message;
import dev.bulwark.ipc.MessageCopy;
import dev.bulwark.ipc.PayloadTooLargeException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChannelTest {
    private final Channel channel = Channel.allocate(0, "a", "b", 4, 64, () -> 1234);

    /** Sends two longs, as the token ring does. */
    private static boolean send(OutPort out, int type, long a, long b) {
        Claim claim = out.claim(type);
        if (claim == null) {
            return false;
        }
        claim.putLong(0, a).putLong(8, b).commit();
        return true;
    }

    @Test
    void theSendingPortStampsSenderIncarnationSequenceAndTime() {
        OutPort out = channel.producer(7, 3, new Lease("a#3"));
        InPort in = channel.consumer(new Lease("b#1"));
        assertTrue(send(out, 42, 10, 20));
        assertTrue(out.send(43, new byte[] {1, 2, 3}));
        Message first = in.poll();
        assertEquals(MessageCopy.of(42, 7, 3, 1, 1234, bytes(10L, 20L)), first.copy());
        assertEquals(10, first.getLong(0));
        assertEquals(20, first.getLong(8));
        in.handled();
        assertEquals(MessageCopy.of(43, 7, 3, 2, 1234, new byte[] {1, 2, 3}), in.poll().copy());
        in.handled();
        assertNull(in.poll());
        assertEquals("b", out.to());
        assertEquals(64, out.slotBytes());
    }

    @Test
    void aPayloadLargerThanTheSlotIsRefusedNamingChannelSizeAndLimit() {
        OutPort out = channel.producer(0, 1, new Lease("a#1"));
        var e = assertThrows(PayloadTooLargeException.class, () -> out.send(1, new byte[65]));
        assertEquals("channel a->b: a payload of 65 bytes does not fit its slot of 64 bytes", e.getMessage());
        Claim claim = out.claim(1);
        claim.putLong(56, 1); // ends exactly at the slot
        e = assertThrows(PayloadTooLargeException.class, () -> claim.putInt(62, 1));
        assertEquals("channel a->b: a payload of 66 bytes does not fit its slot of 64 bytes", e.getMessage());
        claim.abort();
        assertEquals(0, channel.stats().sent(), "nothing was published");
    }

    @Test
    void anAbortedOrAbandonedClaimLeavesNoTrace() {
        OutPort out = channel.producer(0, 1, new Lease("a#1"));
        InPort in = channel.consumer(new Lease("b#1"));
        out.claim(5).putLong(0, 99).abort();
        out.claim(6).putLong(0, 98); // abandoned: the next claim drops it
        Claim third = out.claim(7).putInt(0, 97);
        assertEquals(4, third.length());
        third.commit();
        assertThrows(IllegalStateException.class, third::commit, "a claim commits once");
        Message m = in.poll();
        assertEquals(7, m.type());
        assertEquals(1, m.seq(), "aborted and abandoned claims took no sequence number");
        assertEquals(4, m.length());
        assertEquals(97, m.getInt(0));
        assertThrows(IndexOutOfBoundsException.class, () -> m.getLong(0), "reads end at the message's length");
        in.handled();
        assertThrows(IllegalStateException.class, m::type, "a view is dead once its handler returned");
    }

    @Test
    void aFullChannelRefusesAndCountsTheClaim() {
        OutPort out = channel.producer(0, 1, new Lease("a#1"));
        int accepted = 0;
        for (int i = 0; i < 10; i++) {
            if (send(out, 1, i, 0)) {
                accepted++;
            }
        }
        assertFalse(out.send(1, new byte[8]));
        ChannelStats s = channel.stats();
        assertEquals(4, accepted, "exactly the capacity asked for, not the queue's power of two");
        assertEquals(accepted, s.sent());
        assertEquals(10 - accepted + 1, s.refused());
        assertEquals(accepted, s.queued());
    }

    @Test
    void aMessageInItsHandlerStillHoldsItsFrame() {
        Channel two = Channel.allocate(1, "a", "b", 2, 16, () -> 0);
        OutPort out = two.producer(0, 1, new Lease("a#1"));
        InPort in = two.consumer(new Lease("b#1"));
        assertTrue(send(out, 1, 1, 0));
        assertTrue(send(out, 1, 2, 0));
        Message first = in.poll();
        assertFalse(send(out, 1, 3, 0), "one queued and one in its handler: full");
        Message kept = first.copy();
        in.handled();
        assertTrue(send(out, 1, 3, 0), "the handler returned: its frame is free");
        assertEquals(1, kept.getLong(0), "the copy kept its value");
        assertEquals(2, in.poll().getLong(0));
        in.handled();
        assertEquals(3, in.poll().getLong(0));
    }

    @Test
    void aCorruptedFrameIsCountedAndSkippedNeverHandedToTheApp() {
        OutPort out = channel.producer(0, 1, new Lease("a#1"));
        InPort in = channel.consumer(new Lease("b#1"));
        send(out, 1, 1, 0);
        send(out, 1, 2, 0);
        send(out, 1, 3, 0);
        long second = channel.frameBytes(); // message 2 is in frame 1
        channel.region().set(java.lang.foreign.ValueLayout.JAVA_BYTE, second + FrameDescriptor.HEADER + 3, (byte) 0x40);
        assertEquals(1, in.poll().getLong(0));
        in.handled();
        assertEquals(3, in.poll().getLong(0), "message 2 failed its checksum");
        in.handled();
        ChannelStats s = channel.stats();
        assertEquals(1, s.corrupted());
        assertEquals(2, s.handled());
        assertEquals(s.sent(), s.handled() + s.lost() + s.corrupted() + s.queued() + s.inHandler());
        for (int i = 0; i < 4; i++) {
            assertTrue(send(out, 1, 10 + i, 0), "a corrupted frame is released like a handled one");
        }
    }

    @Test
    void theSteadyStateSendAndReceivePathAllocatesNothingAtAnyPayloadSize() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int size : new int[] {16, 0, 256, 2048}) {
            Channel c = Channel.allocate(2, "a", "b", 1024, 2048, System::nanoTime);
            OutPort out = c.producer(0, 1, new Lease("a#1"));
            InPort in = c.consumer(new Lease("b#1"));
            byte[] payload = new byte[size];
            byte[] copyOut = new byte[size];
            ByteBuffer bufferOut = ByteBuffer.allocateDirect(size);
            long sum = pingPong(out, in, payload, copyOut, bufferOut, 300_000); // warm up: let the JIT compile the path
            long allocated = Long.MAX_VALUE; // the least of three runs: a one-off of the JIT's is not the path's
            for (int run = 0; run < 3; run++) {
                long before = threads.getCurrentThreadAllocatedBytes();
                sum += pingPong(out, in, payload, copyOut, bufferOut, 100_000);
                allocated = Math.min(allocated, threads.getCurrentThreadAllocatedBytes() - before);
            }
            assertTrue(allocated < 1_000, allocated + " bytes allocated for 100000 messages of " + size + " bytes");
            assertEquals(600_000L * size, sum);
        }
    }

    private static long pingPong(OutPort out, InPort in, byte[] payload, byte[] copyOut, ByteBuffer bufferOut, int messages) {
        long sum = 0;
        for (int i = 0; i < messages; i++) {
            if (i % 2 == 0) {
                out.send(1, payload, 0, payload.length);
            } else {
                Claim claim = out.claim(2);
                claim.putBytes(0, payload, 0, payload.length);
                claim.commit();
            }
            Message m = in.poll();
            m.getBytes(0, copyOut, 0, m.length());
            m.getBytes(bufferOut.clear());
            sum += m.length();
            in.handled();
        }
        return sum;
    }

    @Test
    void aRevokedLeaseStopsBothEnds() {
        Lease sender = new Lease("a#1");
        Lease receiver = new Lease("b#1");
        OutPort out = channel.producer(0, 1, sender);
        InPort in = channel.consumer(receiver);
        sender.revoke();
        receiver.revoke();
        assertThrows(LeaseRevokedException.class, () -> out.claim(1));
        assertThrows(LeaseRevokedException.class, () -> out.send(1, new byte[1]));
        assertThrows(LeaseRevokedException.class, in::poll);
        assertThrows(LeaseRevokedException.class, in::handled);
        assertEquals(0, channel.stats().sent());
    }

    @Test
    void aClaimOpenedBeforeTheLeaseWasRevokedCannotCommit() {
        Lease sender = new Lease("a#1");
        Claim claim = channel.producer(0, 1, sender).claim(1).putLong(0, 5);
        sender.revoke();
        assertThrows(LeaseRevokedException.class, claim::commit);
        assertEquals(0, channel.stats().sent());
        assertEquals(0, channel.queued());
    }

    @Test
    void messagesWaitingForAFailedReceiverGoToItsNextIncarnationAndTheOneInItsHandlerIsCountedLost() {
        OutPort out = channel.producer(0, 1, new Lease("a#1"));
        Lease first = new Lease("b#1");
        InPort in1 = channel.consumer(first);
        send(out, 1, 1, 0);
        send(out, 1, 2, 0);
        send(out, 1, 3, 0);
        assertEquals(1, in1.poll().getLong(0));
        in1.handled();
        assertEquals(2, in1.poll().getLong(0)); // the receiver fails inside this handler
        first.revoke();
        assertEquals(1, channel.settleFailedConsumer());
        send(out, 1, 4, 0); // sent while the receiver is down

        InPort in2 = channel.consumer(new Lease("b#2"));
        assertEquals(3, in2.poll().getLong(0));
        in2.handled();
        assertEquals(4, in2.poll().getLong(0));
        in2.handled();
        assertNull(in2.poll());

        ChannelStats s = channel.stats();
        assertEquals(4, s.sent());
        assertEquals(3, s.handled());
        assertEquals(1, s.lost());
        assertEquals(0, s.queued());
        assertEquals(s.sent(), s.handled() + s.lost() + s.corrupted() + s.queued() + s.inHandler());
        assertEquals(0, channel.settleFailedConsumer(), "settling twice counts nothing twice");
    }

    @Test
    void aNewSenderIncarnationContinuesTheSequence() {
        Lease first = new Lease("a#1");
        send(channel.producer(0, 1, first), 1, 1, 0);
        first.revoke();
        OutPort second = channel.producer(0, 2, new Lease("a#2"));
        send(second, 1, 2, 0);
        InPort in = channel.consumer(new Lease("b#1"));
        assertEquals(1, in.poll().incarnation());
        in.handled();
        Message m = in.poll();
        assertEquals(2, m.incarnation());
        assertEquals(2, m.seq());
    }

    @Test
    void theHeapEstimateCoversWhatAChannelReallyTakesWithoutWildlyOverstatingIt() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        var region = java.lang.foreign.Arena.ofAuto().allocate(FrameDescriptor.regionBytes(300_000, 0));
        Channel first = new Channel(9, "a", "b", 1, 0, region, () -> 0); // load the classes first
        first.producer(0, 1, new Lease("a"));
        first.consumer(new Lease("b"));
        for (int capacity : new int[] {1, 1000, 1024, 1025, 65_536, 300_000}) {
            long before = threads.getCurrentThreadAllocatedBytes();
            Channel made = new Channel(9, "a", "b", capacity, 0, region, () -> 0);
            made.producer(0, 1, new Lease("a")); // a producer and a consumer are bound for its life
            made.consumer(new Lease("b"));
            long taken = threads.getCurrentThreadAllocatedBytes() - before;
            long estimate = Channel.heapBytes(capacity);
            assertTrue(estimate >= taken && estimate < 1.5 * taken + 8 * 1024,
                    "capacity " + made.capacity() + ": took " + taken + " bytes, estimated " + estimate);
        }
    }

    @Test
    void capacitySlotAndRegionAreChecked() {
        var e = assertThrows(IllegalArgumentException.class, () -> Channel.allocate(1, "a", "b", 0, 16, () -> 0));
        assertEquals("channel a->b: capacity must be positive, not 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Channel.allocate(1, "a", "b", 1, -1, () -> 0));
        assertEquals("channel a->b: slot size must be 0..1048576 bytes, not -1", e.getMessage());
        var small = java.lang.foreign.Arena.ofAuto().allocate(100);
        e = assertThrows(IllegalArgumentException.class, () -> new Channel(1, "a", "b", 2, 16, small, () -> 0));
        assertEquals("channel a->b: region of 100 bytes is smaller than the 128 its frames take", e.getMessage());
    }

    @Test
    void aZombieReturningFromItsHandlerAfterTheMonitorSettledItIsRefusedNotCountedTwice() {
        OutPort out = channel.producer(0, 1, new Lease("a#1"));
        Lease zombie = new Lease("b#1");
        InPort in = channel.consumer(zombie);
        send(out, 1, 1, 0);
        assertEquals(1, in.poll().getLong(0)); // the handler hangs; the monitor gives up on b#1
        zombie.revoke();
        assertEquals(1, channel.settleFailedConsumer());
        assertThrows(LeaseRevokedException.class, in::handled, "the handler returns late");
        ChannelStats s = channel.stats();
        assertEquals(0, s.handled());
        assertEquals(1, s.lost());
        assertEquals(s.sent(), s.handled() + s.lost() + s.corrupted() + s.queued() + s.inHandler());
    }

    @Test
    void revokeReturnsOnlyOnceTheHoldersOperationInProgressHasEnded() throws Exception {
        Lease lease = new Lease("b#1");
        lease.enter(); // the holder is inside a port operation
        AtomicBoolean revoked = new AtomicBoolean();
        Thread monitor = Thread.ofPlatform().start(() -> {
            lease.revoke();
            revoked.set(true);
        });
        await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(5)).until(() -> !revoked.get());
        assertTrue(lease.isRevoked(), "revoked at once: no new operation may begin");
        lease.exit();
        monitor.join(5_000);
        assertTrue(revoked.get());
        assertThrows(LeaseRevokedException.class, lease::enter);
    }

    private static byte[] bytes(long... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        return b.array();
    }
}
