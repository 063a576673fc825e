package dev.bulwark.monitor;

import dev.bulwark.hw.event.Event;
import dev.bulwark.monitor.event.MonitorEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventLogTest {
    private final AtomicLong time = new AtomicLong();
    private final EventLog log = new EventLog(time::incrementAndGet);

    @AfterEach
    void close() {
        log.close();
    }

    @Test
    void aSubscriberGetsEveryEventOnceInOrderWhetherRecordedBeforeOrAfter() throws InterruptedException {
        log.record(nanos -> new MonitorEvent.Booted(nanos, "a", 1, 0));
        List<Event> seen = Collections.synchronizedList(new ArrayList<>());
        log.subscribe(seen::add);
        log.record(nanos -> new MonitorEvent.Serving(nanos, "a", 1));
        assertTrue(log.flush(5_000));
        assertEquals(log.snapshot(), seen);
        assertEquals(2, log.await(MonitorEvent.Serving.class, e -> e.sandbox().equals("a"), 0, 1_000).nanos());
        assertNull(log.await(MonitorEvent.Stopped.class, e -> true, 0, 10));
        assertEquals(1, log.all(MonitorEvent.Booted.class).size());
    }

    @Test
    void flushWaitsForASubscriberThatCameAfterEverythingWasDeliveredToGetTheHistory() throws InterruptedException {
        for (int i = 0; i < 20; i++) {
            int n = i;
            log.record(nanos -> new MonitorEvent.Serving(nanos, "a", n));
        }
        assertTrue(log.flush(5_000)); // delivered to nobody: the publisher is done with all 20
        List<Event> seen = Collections.synchronizedList(new ArrayList<>());
        log.subscribe(e -> {
            LockSupport.parkNanos(1_000_000); // a slow printer: the history takes it at least 20 ms
            seen.add(e);
        });
        assertTrue(log.flush(5_000));
        assertEquals(log.snapshot(), seen, "flush returned only once the late subscriber had the history");
    }

    @Test
    void aListenerRunsOnThePublisherNeverOnTheRecordingThreadAndASlowOneStallsNoRecorder() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> ranOn = Collections.synchronizedList(new ArrayList<>());
        log.subscribe(e -> {
            ranOn.add(Thread.currentThread());
            try {
                release.await(); // a listener stuck for as long as the test likes
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        });
        for (int i = 0; i < 1_000; i++) {
            int n = i;
            log.record(nanos -> new MonitorEvent.Serving(nanos, "a", n)); // returns although the listener is stuck
        }
        assertEquals(1_000, log.size());
        release.countDown();
        assertTrue(log.flush(5_000));
        assertEquals(1_000, ranOn.size());
        assertTrue(ranOn.stream().allMatch(t -> t.getName().equals("monitor-events")), "listeners run on the publisher");
        assertNotSame(Thread.currentThread(), ranOn.getFirst());
    }

    @Test
    void aThrowingListenerIsCountedAndTheOthersStillGetEveryEvent() throws InterruptedException {
        List<Event> seen = Collections.synchronizedList(new ArrayList<>());
        log.subscribe(e -> {
            throw new IllegalStateException("listener bug");
        });
        log.subscribe(seen::add);
        log.record(nanos -> new MonitorEvent.Serving(nanos, "a", 1));
        log.record(nanos -> new MonitorEvent.Serving(nanos, "a", 2));
        assertTrue(log.flush(5_000));
        assertEquals(2, seen.size());
        assertEquals(2, log.listenerFailures());
    }

    @Test
    void eventsRecordedFromManyThreadsAreStampedInTheOrderTheyAreRecorded() throws InterruptedException {
        EventLog real = new EventLog(System::nanoTime);
        List<Thread> recorders = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            recorders.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 5_000; i++) {
                    int n = i;
                    real.record(nanos -> new MonitorEvent.Serving(nanos, "t" + thread, n));
                }
            }));
        }
        for (Thread t : recorders) {
            t.join();
        }
        List<Event> events = real.snapshot();
        assertEquals(20_000, events.size());
        for (int i = 1; i < events.size(); i++) {
            assertTrue(events.get(i - 1).nanos() <= events.get(i).nanos(), "event " + i + " is older than the one before it");
        }
        real.close();
    }

    @Test
    void aListenerThatFallsBehindTheHistoryMissesTheOldestAndTheyAreCounted() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        AtomicLong got = new AtomicLong();
        log.subscribe(e -> {
            try {
                release.await();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            got.incrementAndGet();
        });
        log.record(nanos -> new MonitorEvent.Serving(nanos, "a", 0)); // the publisher takes this one and waits
        await().atMost(Duration.ofSeconds(5)).until(() -> log.size() == 1);
        int more = EventLog.CAPACITY + 10;
        for (int i = 0; i < more; i++) {
            log.record(nanos -> new MonitorEvent.Serving(nanos, "a", 1));
        }
        release.countDown();
        assertTrue(log.flush(10_000));
        assertEquals(1 + more, got.get() + log.dropped());
        assertTrue(log.dropped() > 0 && log.dropped() <= 1_100, "dropped " + log.dropped());
    }
}
