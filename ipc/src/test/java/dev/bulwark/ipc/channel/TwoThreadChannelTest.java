package dev.bulwark.ipc.channel;

import dev.bulwark.hw.core.Lease;
import dev.bulwark.hw.core.LeaseRevokedException;
import dev.bulwark.ipc.Claim;
import dev.bulwark.ipc.Message;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.BitSet;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A producer and a consumer thread move a million messages of random sizes through a small channel while
 * the consumer takes random pauses in its handler and is replaced three times mid-stream, as the monitor
 * replaces a failed receiver (revoke its lease, settle, bind a successor). Afterwards every message sent is
 * accounted for exactly once, in order, with its payload intact.
 */
class TwoThreadChannelTest {
    private static final int MESSAGES = 1_000_000;
    private static final int SLOT = 256;

    /** The payload of message {@code seq}: its length and every byte follow from the sequence number. */
    private static int lengthOf(long seq) {
        return (int) ((seq * 0x9E3779B97F4A7C15L >>> 40) % (SLOT + 1));
    }

    private static byte byteOf(long seq, int i) {
        return (byte) (seq * 31 + i * 7);
    }

    @Test
    void aMillionMessagesArriveInOrderOnceIntactAndEveryOneIsAccountedFor() throws Exception {
        Channel channel = Channel.allocate(0, "p", "c", 64, SLOT, System::nanoTime);
        record Bound(InPort in, Lease lease) {
            static Bound to(Channel channel, int incarnation) {
                Lease lease = new Lease("c#" + incarnation);
                return new Bound(channel.consumer(lease), lease);
            }
        }
        AtomicReference<Bound> port = new AtomicReference<>(Bound.to(channel, 1));
        BitSet handledSeqs = new BitSet(MESSAGES + 1);
        AtomicLong lastHandled = new AtomicLong();
        AtomicLong outOfOrder = new AtomicLong();
        AtomicLong badPayloads = new AtomicLong();
        AtomicLong handledCount = new AtomicLong();

        Thread producer = Thread.ofPlatform().name("producer").start(() -> {
            OutPort out = channel.producer(1, 1, new Lease("p#1"));
            byte[] payload = new byte[SLOT];
            for (long seq = 1; seq <= MESSAGES; seq++) {
                Claim claim;
                while ((claim = out.claim(7)) == null) {
                    Thread.yield(); // full: the app decides; this one retries (yielding: 2 threads may share 1 CPU)
                }
                int length = lengthOf(seq);
                for (int i = 0; i < length; i++) {
                    payload[i] = byteOf(seq, i);
                }
                claim.putBytes(0, payload, 0, length).commit();
            }
        });
        Thread consumer = Thread.ofPlatform().name("consumer").start(() -> {
            SplittableRandom random = new SplittableRandom(42);
            byte[] buffer = new byte[SLOT];
            while (true) {
                Bound bound = port.get();
                InPort in = bound.in();
                try {
                    Message m = in.poll();
                    if (m == null) {
                        if (handledCount.get() + channel.stats().lost() == MESSAGES) {
                            return;
                        }
                        Thread.yield();
                        continue;
                    }
                    long seq = m.seq();
                    int length = m.length();
                    m.getBytes(0, buffer, 0, length);
                    boolean intact = length == lengthOf(seq);
                    for (int i = 0; intact && i < length; i++) {
                        intact = buffer[i] == byteOf(seq, i);
                    }
                    if (random.nextInt(1_000) == 0) { // a slow handler now and then
                        long until = System.nanoTime() + random.nextInt(50_000);
                        while (System.nanoTime() < until) {
                            Thread.onSpinWait();
                        }
                    }
                    in.handled();
                    if (!intact) {
                        badPayloads.incrementAndGet();
                    }
                    if (seq <= lastHandled.get() || handledSeqs.get((int) seq)) {
                        outOfOrder.incrementAndGet();
                    }
                    handledSeqs.set((int) seq);
                    lastHandled.set(seq);
                    handledCount.incrementAndGet();
                } catch (LeaseRevokedException e) {
                    await().atMost(Duration.ofSeconds(10)).until(() -> port.get() != bound); // the monitor binds a successor
                }
            }
        });

        for (int incarnation = 2; incarnation <= 4; incarnation++) { // the monitor replaces the receiver mid-stream
            long target = (long) MESSAGES * (incarnation - 1) / 4;
            await().atMost(Duration.ofSeconds(60)).until(() -> handledCount.get() >= target);
            port.get().lease().revoke();
            channel.settleFailedConsumer();
            port.set(Bound.to(channel, incarnation));
        }
        producer.join(60_000);
        consumer.join(60_000);

        ChannelStats s = channel.stats();
        assertEquals(MESSAGES, s.sent());
        assertEquals(s.sent(), s.handled() + s.lost() + s.corrupted() + s.queued() + s.inHandler(), s.toString());
        assertEquals(0, s.queued());
        assertEquals(0, s.corrupted());
        assertEquals(handledCount.get(), s.handled());
        assertEquals(MESSAGES - s.lost(), handledSeqs.cardinality(), "every message not lost was handled exactly once");
        assertEquals(0, outOfOrder.get(), "in sequence order, no duplicates");
        assertEquals(0, badPayloads.get(), "every payload arrived as it was written");
        assertTrue(s.lost() <= 3, "at most the one message in its handler is lost per failed receiver: " + s);
    }
}
