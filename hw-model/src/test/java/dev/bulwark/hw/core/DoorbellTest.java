package dev.bulwark.hw.core;

import dev.bulwark.hw.clock.NanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cores here back off straight to sleeps of a minute: anything that finishes within the test's patience
 * was woken by a doorbell, not by a sleep running out.
 */
class DoorbellTest {
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final long MINUTE = 60_000_000_000L;

    private final Core core = new Core(0, NanoClock.SYSTEM);

    @AfterEach
    void halt() {
        core.halt();
    }

    /** Takes what a producer posted: the consumer side of a mailbox whose producer rings. */
    private static final class Mailbox implements CoreProgram {
        final AtomicLong posted = new AtomicLong();
        final AtomicLong taken = new AtomicLong();

        @Override
        public int doWork() {
            long p = posted.get();
            int work = (int) (p - taken.get());
            taken.set(p);
            return work;
        }

        @Override
        public long wakeAt(long now) {
            return posted.get() != taken.get() ? now : Long.MAX_VALUE;
        }
    }

    private static BackoffIdleStrategy sleepsAMinute() {
        return new BackoffIdleStrategy(0, 0, MINUTE, MINUTE);
    }

    @Test
    void aRingWakesASleepingCoreAtOnce() {
        Mailbox mailbox = new Mailbox();
        Execution run = core.launch("m", mailbox, sleepsAMinute(), trap -> { });
        await().atMost(PATIENCE).until(() -> run.doorbell().isAsleep());
        mailbox.posted.incrementAndGet();
        run.doorbell().ring();
        await().atMost(PATIENCE).until(() -> mailbox.taken.get() == 1);
        await().atMost(PATIENCE).until(() -> run.doorbell().isAsleep());
        assertTrue(run.doorbell().awakeSince() == Doorbell.ASLEEP);
    }

    @Test
    void noWakeUpIsLostBetweenAProducerAndACoreGoingToSleep() {
        Mailbox mailbox = new Mailbox();
        Execution run = core.launch("m", mailbox, sleepsAMinute(), trap -> { });
        for (int i = 1; i <= 20_000; i++) {
            mailbox.posted.incrementAndGet();
            run.doorbell().ring();
            long expected = i;
            if (i % 1_000 == 0) { // now and then wait, so the core really falls asleep between posts
                await().atMost(PATIENCE).until(() -> mailbox.taken.get() == expected && run.doorbell().isAsleep());
            }
        }
        await().atMost(PATIENCE).until(() -> mailbox.taken.get() == 20_000);
    }

    @Test
    void haltingASleepingCoreEndsItsRunAtOnce() {
        Execution run = core.launch("m", new Mailbox(), sleepsAMinute(), trap -> { });
        await().atMost(PATIENCE).until(() -> run.doorbell().isAsleep());
        run.halt();
        await().atMost(PATIENCE).until(() -> !run.isAlive());
    }

    @Test
    void aSleepEndsAtTheProgramsNextTimer() {
        AtomicLong passes = new AtomicLong();
        Execution run = core.launch("t", new CoreProgram() {
            /** One timer, 50 ms after the first look (run's thread only): however late the thread got going. */
            private long due;
            private boolean set;

            @Override
            public int doWork() {
                passes.incrementAndGet();
                return 0;
            }

            @Override
            public long wakeAt(long now) {
                if (!set) {
                    due = now + 50_000_000;
                    set = true;
                }
                return now - due < 0 ? due : Long.MAX_VALUE;
            }
        }, sleepsAMinute(), trap -> { });
        await().atMost(PATIENCE).until(() -> passes.get() >= 2); // the first sleep ended at the timer, not after a minute
        assertTrue(run.isRunning());
    }
}
