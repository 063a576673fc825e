package dev.bulwark.bench.ipc;

import dev.bulwark.hw.core.CpuAffinity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ThreadPairTest {
    @Test
    void runsEachSideOnItsOwnThreadTheSameForEveryRun() throws Exception {
        try (ThreadPair threads = ThreadPair.start(false)) {
            AtomicReference<Thread> initiator = new AtomicReference<>();
            AtomicReference<Thread> responder = new AtomicReference<>();
            for (int run = 0; run < 3; run++) {
                Thread[] seen = new Thread[2];
                long nanos = threads.run(() -> seen[0] = Thread.currentThread(), () -> seen[1] = Thread.currentThread(),
                        Duration.ofSeconds(10));
                assertTrue(nanos >= 0);
                initiator.compareAndSet(null, seen[0]);
                responder.compareAndSet(null, seen[1]);
                assertEquals(initiator.get(), seen[0]);
                assertEquals(responder.get(), seen[1]);
            }
            assertNotEquals(initiator.get(), responder.get());
            assertEquals("bench-initiator", initiator.get().getName());
            assertFalse(threads.pinning().asked());
        }
    }

    @Test
    void aSideThatThrowsIsReportedWithItsSide() throws Exception {
        try (ThreadPair threads = ThreadPair.start(false)) {
            ThreadPair.SideFailedException e = assertThrows(ThreadPair.SideFailedException.class, () -> threads.run(() -> {
            }, () -> {
                throw new IllegalStateException("lost message 3");
            }, Duration.ofSeconds(10)));
            assertEquals("the responder side failed: java.lang.IllegalStateException: lost message 3", e.getMessage());
        }
    }

    @Test
    void aSideThatHangsIsGivenUpOnAtTheLimit() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (ThreadPair threads = ThreadPair.start(false)) {
            ThreadPair.SideFailedException e = assertThrows(ThreadPair.SideFailedException.class,
                    () -> threads.run(release::await, () -> {
                    }, Duration.ofMillis(200)));
            assertEquals("the initiator did not finish within 200 ms", e.getMessage());
        } finally {
            release.countDown();
        }
    }

    @Test
    void pinsTheTwoThreadsToTwoDistinctAllowedCpusOrSaysWhyNot() throws Exception {
        try (ThreadPair threads = ThreadPair.start(true)) {
            Pinning pinning = threads.pinning();
            assertTrue(pinning.asked());
            if (CpuAffinity.allowedCpus().size() < 2) {
                assertTrue(pinning.describe().startsWith("not pinned: this process may run on CPU"), pinning.describe());
            } else if (CpuAffinity.isSupported()) {
                assertTrue(pinning.pinned(), pinning.describe());
                assertNotEquals(pinning.initiator().cpu(), pinning.responder().cpu());
                assertEquals("pinned: initiator to CPU " + pinning.initiator().cpu() + ", responder to CPU "
                        + pinning.responder().cpu(), pinning.describe());
            } else {
                assertTrue(pinning.describe().contains(CpuAffinity.unsupportedReason()), pinning.describe());
            }
        }
    }
}
