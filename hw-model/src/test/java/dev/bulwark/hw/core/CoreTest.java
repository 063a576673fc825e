package dev.bulwark.hw.core;

import dev.bulwark.hw.clock.NanoClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CoreTest {
    private final Core core = new Core(3, NanoClock.SYSTEM);
    private final ConcurrentLinkedQueue<Trap> traps = new ConcurrentLinkedQueue<>();

    @Test
    void aThrowableEscapingTheProgramIsReportedOnceAsATrap() {
        AtomicLong passes = new AtomicLong();
        IllegalStateException boom = new IllegalStateException("boom");
        Execution run = core.launch("t", () -> {
            if (passes.incrementAndGet() == 100) {
                throw boom;
            }
            return 0;
        }, BackoffIdleStrategy.forCores(), traps::add);
        await().atMost(Duration.ofSeconds(5)).until(() -> !run.isAlive());
        assertEquals(1, traps.size());
        Trap trap = traps.peek();
        assertSame(boom, trap.cause());
        assertSame(run, trap.execution());
        assertEquals(3, trap.coreId());
        assertFalse(run.isRunning());
    }

    @Test
    void launchingAgainHaltsThePreviousRun() {
        Execution first = core.launch("first", () -> 0, BackoffIdleStrategy.forCores(), traps::add);
        AtomicLong passes = new AtomicLong();
        Execution second = core.launch("second", () -> {
            passes.incrementAndGet();
            return 0;
        }, BackoffIdleStrategy.forCores(), traps::add);
        await().atMost(Duration.ofSeconds(5)).until(() -> !first.isAlive() && passes.get() > 10);
        assertTrue(second.isRunning());
        assertEquals(0, traps.size());
        core.halt();
        await().atMost(Duration.ofSeconds(5)).until(() -> !second.isAlive());
    }

    @Test
    void aFailStopTrapsTheRunAndTheCoreRefusesNewPrograms() {
        Execution run = core.launch("victim", () -> 0, BackoffIdleStrategy.forCores(), traps::add);
        core.failStop();
        await().atMost(Duration.ofSeconds(5)).until(() -> !run.isAlive());
        assertInstanceOf(CoreFailedException.class, traps.peek().cause());
        assertTrue(core.isFailed());
        assertThrows(CoreFailedException.class, () -> core.launch("again", () -> 0, BackoffIdleStrategy.forCores(), traps::add));
    }

    @Test
    void backoffSpinsThenYieldsThenParksDoublingToItsCeilingAndWorkResetsIt() {
        BackoffIdleStrategy idle = new BackoffIdleStrategy(2, 1, 1_000, 4_000);
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            seen.add(idle.state() + (idle.state() == BackoffIdleStrategy.State.PARKING ? " " + idle.parkNanos() : ""));
            idle.idle(0);
        }
        assertEquals(List.of("SPINNING", "SPINNING", "YIELDING", "PARKING 1000", "PARKING 2000", "PARKING 4000", "PARKING 4000"), seen);
        idle.idle(1);
        assertEquals(BackoffIdleStrategy.State.SPINNING, idle.state(), "work resets the backoff");
        assertEquals(1_000, idle.parkNanos());
        assertEquals(4_000, idle.maxParkNanos());
        assertThrows(IllegalArgumentException.class, () -> new BackoffIdleStrategy(1, 1, 10, 5));
    }

    @Test
    void aRunTrapsExactlyOnceWhenItsProgramThrowsAndItsCoreFailsAtTheSameTime() throws Exception {
        int doubled = 0;
        for (int i = 0; i < 1_000; i++) {
            Core racing = new Core(i, NanoClock.SYSTEM);
            ConcurrentLinkedQueue<Trap> got = new ConcurrentLinkedQueue<>();
            CyclicBarrier together = new CyclicBarrier(2);
            Execution run = racing.launch("racer", () -> {
                try {
                    together.await();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                throw new IllegalStateException("boom");
            }, BackoffIdleStrategy.forCores(), got::add);
            together.await();
            racing.failStop();
            assertTrue(run.awaitExit(5_000));
            if (got.size() != 1) {
                doubled++;
            }
        }
        assertEquals(0, doubled, "runs that reported a number of traps other than one, of 1000");
    }

    @Test
    void aFailStopTrapsALoadedRunOnTheFailingThreadEvenBeforeItStarts() {
        List<Thread> reportedOn = new ArrayList<>();
        Execution run = core.load("loaded", () -> 0, BackoffIdleStrategy.forCores(), trap -> {
            traps.add(trap);
            reportedOn.add(Thread.currentThread());
        });
        core.failStop();
        assertEquals(List.of(Thread.currentThread()), reportedOn, "the trap handler ran on the failing thread");
        assertInstanceOf(CoreFailedException.class, traps.peek().cause());
        assertSame(run, traps.peek().execution());
        assertFalse(run.isRunning());
        run.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> !run.isAlive());
        assertEquals(1, traps.size(), "a run that trapped before it started never reports again");
    }

    /** A program that records, from its own thread, the host CPUs that thread may run on. */
    private static CoreProgram recordingAllowedCpus(AtomicReference<List<Integer>> seen) {
        return () -> {
            seen.compareAndSet(null, CpuAffinity.allowedCpus());
            return 0;
        };
    }

    @Test
    void aCoreGivenAHostCpuPinsEachRunsThreadToItFirstThingAndANewRunPinsAgain() {
        List<Integer> allowed = CpuAffinity.allowedCpus();
        int cpu = allowed.getLast();
        core.pinTo(cpu);
        for (String name : List.of("first", "second")) { // the second run is a new thread: it pins again
            AtomicReference<List<Integer>> seen = new AtomicReference<>();
            Execution run = core.launch(name, recordingAllowedCpus(seen), BackoffIdleStrategy.forCores(), traps::add);
            await().atMost(Duration.ofSeconds(5)).until(() -> seen.get() != null);
            assertEquals(cpu, run.hostCpu());
            CpuAffinity.Result pinning = run.pinning().orElseThrow();
            assertEquals(cpu, pinning.cpu());
            if (CpuAffinity.isSupported()) {
                assertTrue(pinning.pinned(), pinning.why());
                assertEquals(List.of(cpu), seen.get(), name + " run's thread may run only on its CPU");
            } else {
                assertEquals(CpuAffinity.unsupportedReason(), pinning.why());
                assertEquals(allowed, seen.get());
            }
        }
        core.halt();
        assertEquals(allowed, CpuAffinity.allowedCpus(), "the owner's thread is not pinned");
    }

    @Test
    void aRunOnACoreWithoutAHostCpuPinsNothing() {
        core.pinTo(0);
        core.pinTo(-1);
        AtomicReference<List<Integer>> seen = new AtomicReference<>();
        Execution run = core.launch("free", recordingAllowedCpus(seen), BackoffIdleStrategy.forCores(), traps::add);
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.get() != null);
        assertEquals(-1, run.hostCpu());
        assertTrue(run.pinning().isEmpty());
        assertEquals(CpuAffinity.allowedCpus(), seen.get());
        core.halt();
        assertThrows(IllegalArgumentException.class, () -> core.pinTo(-2));
    }
}
