package dev.bulwark.ipc;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChannelTest {
    private final Channel channel = new Channel(0, "a", "b", 4, () -> 1234);

    @Test
    void theSendingPortStampsSenderIncarnationSequenceAndTime() {
        OutPort out = channel.producer(7, 3, new Lease("a#3"));
        InPort in = channel.consumer(new Lease("b#1"));
        assertTrue(out.send(42, 10, 20));
        assertTrue(out.send(42, 11, 21));
        assertEquals(new Message.Value(42, 7, 3, 1, 1234, 10, 20), in.poll().copy());
        in.handled();
        assertEquals(new Message.Value(42, 7, 3, 2, 1234, 11, 21), in.poll().copy());
        in.handled();
        assertNull(in.poll());
        assertEquals("b", out.to());
    }

    @Test
    void aFullChannelRefusesAndCountsTheSend() {
        OutPort out = channel.producer(0, 1, new Lease("a#1"));
        int accepted = 0;
        for (int i = 0; i < 10; i++) {
            if (out.send(1, i, 0)) {
                accepted++;
            }
        }
        ChannelStats s = channel.stats();
        assertEquals(4, accepted, "exactly the capacity asked for, not the queue's power of two");
        assertEquals(accepted, s.sent());
        assertEquals(10 - accepted, s.refused());
        assertEquals(accepted, s.queued());
    }

    @Test
    void aMessageInItsHandlerStillHoldsItsFrame() {
        Channel two = new Channel(1, "a", "b", 2, () -> 0);
        OutPort out = two.producer(0, 1, new Lease("a#1"));
        InPort in = two.consumer(new Lease("b#1"));
        assertTrue(out.send(1, 1, 0));
        assertTrue(out.send(1, 2, 0));
        Message first = in.poll();
        assertFalse(out.send(1, 3, 0), "one queued and one in its handler: full");
        Message.Value kept = first.copy();
        in.handled();
        assertTrue(out.send(1, 3, 0), "the handler returned: its frame is free");
        assertEquals(3, first.a(), "the view now shows the frame's next message");
        assertEquals(1, kept.a(), "the copy kept its value");
        assertEquals(2, in.poll().a());
        in.handled();
        assertEquals(3, in.poll().a());
    }

    @Test
    void theSteadyStateSendAndReceivePathAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        OutPort out = channel.producer(0, 1, new Lease("a#1"));
        InPort in = channel.consumer(new Lease("b#1"));
        long sum = pingPong(out, in, 200_000); // warm up: let the JIT compile the path
        long before = threads.getCurrentThreadAllocatedBytes();
        sum += pingPong(out, in, 200_000);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 1_000, allocated + " bytes allocated for 200000 messages");
        assertEquals(2 * (199_999L * 200_000 / 2), sum);
    }

    private static long pingPong(OutPort out, InPort in, int messages) {
        long sum = 0;
        for (int i = 0; i < messages; i++) {
            out.send(1, i, 0);
            sum += in.poll().a();
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
        assertThrows(LeaseRevokedException.class, () -> out.send(1, 0, 0));
        assertThrows(LeaseRevokedException.class, in::poll);
        assertEquals(0, channel.stats().sent());
    }

    @Test
    void messagesWaitingForAFailedReceiverGoToItsNextIncarnationAndTheOneInItsHandlerIsCountedLost() {
        OutPort out = channel.producer(0, 1, new Lease("a#1"));
        Lease first = new Lease("b#1");
        InPort in1 = channel.consumer(first);
        out.send(1, 1, 0);
        out.send(1, 2, 0);
        out.send(1, 3, 0);
        assertEquals(1, in1.poll().a());
        in1.handled();
        assertEquals(2, in1.poll().a()); // the receiver fails inside this handler
        first.revoke();
        assertEquals(1, channel.settleFailedConsumer());
        out.send(1, 4, 0); // sent while the receiver is down

        InPort in2 = channel.consumer(new Lease("b#2"));
        assertEquals(3, in2.poll().a());
        in2.handled();
        assertEquals(4, in2.poll().a());
        in2.handled();
        assertNull(in2.poll());

        ChannelStats s = channel.stats();
        assertEquals(4, s.sent());
        assertEquals(3, s.handled());
        assertEquals(1, s.lost());
        assertEquals(0, s.queued());
        assertEquals(s.sent(), s.handled() + s.lost() + s.queued() + s.inHandler());
        assertEquals(0, channel.settleFailedConsumer(), "settling twice counts nothing twice");
    }

    @Test
    void theHeapEstimateCoversWhatAChannelReallyTakesWithoutWildlyOverstatingIt() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        new Channel(9, "a", "b", 8, () -> 0); // load the classes first
        for (int capacity : new int[] {1, 1000, 1024, 1025, 65_536, 300_000}) {
            long before = threads.getCurrentThreadAllocatedBytes();
            Channel made = new Channel(9, "a", "b", capacity, () -> 0);
            long taken = threads.getCurrentThreadAllocatedBytes() - before;
            long estimate = Channel.heapBytes(capacity);
            assertTrue(estimate >= taken && estimate < 1.5 * taken + 8 * 1024,
                    "capacity " + made.capacity() + ": took " + taken + " bytes, estimated " + estimate);
        }
    }

    @Test
    void capacityMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Channel(1, "a", "b", 0, () -> 0));
        assertEquals("channel a->b: capacity must be positive, not 0", e.getMessage());
    }

    @Test
    void aZombieReturningFromItsHandlerAfterTheMonitorSettledItIsRefusedNotCountedTwice() {
        OutPort out = channel.producer(0, 1, new Lease("a#1"));
        Lease zombie = new Lease("b#1");
        InPort in = channel.consumer(zombie);
        out.send(1, 1, 0);
        assertEquals(1, in.poll().a()); // the handler hangs; the monitor gives up on b#1
        zombie.revoke();
        assertEquals(1, channel.settleFailedConsumer());
        assertThrows(LeaseRevokedException.class, in::handled, "the handler returns late");
        ChannelStats s = channel.stats();
        assertEquals(0, s.handled());
        assertEquals(1, s.lost());
        assertEquals(s.sent(), s.handled() + s.lost() + s.queued() + s.inHandler());
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
}
