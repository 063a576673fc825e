package dev.bulwark.hw.core;

import dev.bulwark.hw.clock.NanoClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

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
    void backoffParksOnlyAfterSpinningAndYielding() {
        BackoffIdleStrategy idle = new BackoffIdleStrategy(2, 1, 1_000, 4_000);
        for (int i = 0; i < 10; i++) {
            idle.idle(0);
        }
        idle.idle(1); // work resets the backoff
        assertThrows(IllegalArgumentException.class, () -> new BackoffIdleStrategy(1, 1, 10, 5));
    }
}
