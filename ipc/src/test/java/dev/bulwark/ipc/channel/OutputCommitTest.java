package dev.bulwark.ipc.channel;

import dev.bulwark.hw.core.Lease;
import dev.bulwark.ipc.Message;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The two ends a checkpointing sandbox needs: outputs held until its epoch commits, inputs replayed after a rollback. */
class OutputCommitTest {
    private final Channel channel = Channel.allocate(0, "a", "b", 4, 64, () -> 1234);

    private static void send(OutPort out, long value) {
        assertTrue(out.send(1, longBytes(value)), "sent " + value);
    }

    private static byte[] longBytes(long value) {
        return java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(value).array();
    }

    /** Everything waiting, as (seq, value) pairs, each marked handled. */
    private static List<List<Long>> drain(InPort in) {
        var got = new ArrayList<List<Long>>();
        for (Message m; (m = in.poll()) != null; ) {
            got.add(List.of(m.seq(), m.getLong(0)));
            in.handled();
        }
        return got;
    }

    @Test
    void heldCommitsAreInvisibleUntilReleasedThenArriveInOrder() {
        OutPort out = channel.producer(0, 1, new Lease("a#1"), true);
        InPort in = channel.consumer(new Lease("b#1"));
        send(out, 10);
        send(out, 11);
        assertTrue(in.isEmpty());
        assertNull(in.poll());
        assertEquals(0, channel.stats().sent(), "the receiver's side counts only what was released");
        assertEquals(2, out.written());
        assertEquals(2, out.releaseHeld());
        assertEquals(List.of(List.of(1L, 10L), List.of(2L, 11L)), drain(in));
        assertEquals(0, out.releaseHeld());
    }

    @Test
    void whatAFailedSenderHeldIsNeverSeenItsSuccessorWritesThoseSequenceNumbersAgain() {
        Lease first = new Lease("a#1");
        OutPort out = channel.producer(0, 1, first, true);
        InPort in = channel.consumer(new Lease("b#1"));
        send(out, 10);
        out.releaseHeld(); // epoch 1 committed
        send(out, 666);    // epoch 2 never commits
        first.revoke();
        assertEquals(0, channel.releaseHeldThrough(1), "epoch 1's outputs were released already");
        OutPort next = channel.producer(0, 2, new Lease("a#2"), true);
        send(next, 11);
        next.releaseHeld();
        assertEquals(List.of(List.of(1L, 10L), List.of(2L, 11L)), drain(in));
    }

    @Test
    void theMonitorReleasesWhatACommittedEpochHeldWhenItsSenderFailedBeforeReleasing() {
        Lease first = new Lease("a#1");
        OutPort out = channel.producer(0, 1, first, true);
        InPort in = channel.consumer(new Lease("b#1"));
        send(out, 10);
        send(out, 11); // the checkpoint recorded 2, then the sender failed before releasing
        send(out, 666);
        first.revoke();
        assertEquals(2, channel.releaseHeldThrough(2));
        assertEquals(List.of(List.of(1L, 10L), List.of(2L, 11L)), drain(in));
        OutPort next = channel.producer(0, 2, new Lease("a#2"), true);
        assertEquals(2, next.written());
    }

    @Test
    void aGatedReceiverFreesFramesOnlyWhenItsEpochCommits() {
        OutPort out = channel.producer(0, 1, new Lease("a#1"));
        InPort in = channel.consumer(new Lease("b#1"), true);
        for (int i = 0; i < 4; i++) {
            send(out, i);
        }
        assertEquals(4, drain(in).size());
        assertFalse(out.send(1, longBytes(4)), "handled but not committed: the frames are still the receiver's");
        assertEquals(4, in.commitConsumed());
        send(out, 4);
        assertEquals(4, in.consumed(), "the position a checkpoint records");
    }

    @Test
    void aRewoundReceiverReplaysWhatItTookSinceItsLastCommitThenGoesOnWithTheQueue() {
        OutPort out = channel.producer(0, 1, new Lease("a#1"));
        Lease first = new Lease("b#1");
        InPort in = channel.consumer(first, true);
        send(out, 10);
        send(out, 11);
        send(out, 12);
        assertEquals(List.of(10L), drain(in, 1));
        in.commitConsumed(); // the checkpoint recorded 1
        assertEquals(List.of(11L, 12L), drain(in, 2));
        send(out, 13);
        first.revoke();
        assertEquals(2, channel.rewindConsumer(1));
        InPort next = channel.consumer(new Lease("b#2"), true);
        assertFalse(next.isEmpty());
        assertEquals(List.of(List.of(2L, 11L), List.of(3L, 12L), List.of(4L, 13L)), drain(next));
        assertEquals(3, next.commitConsumed());
        var stats = channel.stats();
        assertEquals(4, stats.received());
        assertEquals(4, stats.handled());
        assertEquals(0, stats.lost());
        assertEquals(0, stats.outOfSequence(), "the replayed messages are taken again as the same sequence numbers");
    }

    @Test
    void aRewindCompletesTheReleaseOfAnEpochThatCommittedBeforeItsReceiverFailed() {
        OutPort out = channel.producer(0, 1, new Lease("a#1"));
        Lease first = new Lease("b#1");
        InPort in = channel.consumer(first, true);
        for (int i = 0; i < 4; i++) {
            send(out, i);
        }
        drain(in); // the checkpoint recorded 3, then the receiver failed before committing its release
        first.revoke();
        assertEquals(1, channel.rewindConsumer(3));
        assertEquals(3, channel.stats().handled());
        send(out, 4);
        InPort next = channel.consumer(new Lease("b#2"), true);
        assertEquals(List.of(List.of(4L, 3L), List.of(5L, 4L)), drain(next));
    }

    @Test
    void aMessageWhoseSequenceNumberIsNotTheNextOneIsCountedOutOfSequence() {
        OutPort out = channel.producer(0, 1, new Lease("a#1"));
        InPort in = channel.consumer(new Lease("b#1"));
        send(out, 10);
        send(out, 11);
        send(out, 12);
        long second = FrameDescriptor.frameBytes(64); // frame 1 holds seq 2: make it say 1, as a duplicate would
        MemorySegment region = channel.region();
        region.set(ValueLayout.JAVA_LONG_UNALIGNED, second + FrameDescriptor.SEQ_AT, 1L);
        int length = region.get(ValueLayout.JAVA_INT_UNALIGNED, second + FrameDescriptor.LENGTH_AT);
        region.set(ValueLayout.JAVA_INT_UNALIGNED, second + FrameDescriptor.CHECKSUM_AT, new FrameSeal(region).of(second, length));
        assertEquals(3, drain(in).size());
        assertEquals(1, channel.stats().outOfSequence());
    }

    private static List<Long> drain(InPort in, int n) {
        var got = new ArrayList<Long>();
        for (int i = 0; i < n; i++) {
            got.add(in.poll().getLong(0));
            in.handled();
        }
        return got;
    }
}
