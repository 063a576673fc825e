package dev.bulwark.monitor;

import dev.bulwark.hw.event.Event;
import dev.bulwark.hw.fault.Fault;
import dev.bulwark.hw.fault.FaultRefused;
import dev.bulwark.hw.fault.FaultRefusedException;
import dev.bulwark.hw.fault.MemoryArea;
import dev.bulwark.ipc.channel.Channel;
import dev.bulwark.ipc.channel.ChannelStats;
import dev.bulwark.monitor.event.Detection;
import dev.bulwark.monitor.event.MonitorEvent;
import dev.bulwark.monitor.event.MonitorFault;
import dev.bulwark.monitor.policy.Scheme;
import dev.bulwark.monitor.spec.SystemSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MonitorTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private Monitor monitor;

    @AfterEach
    void shutDown() {
        if (monitor != null) {
            monitor.close();
        }
    }

    private Monitor boot(SystemSpec spec) {
        monitor = Monitor.boot(spec, TestApps.registry());
        for (Sandbox s : monitor.sandboxes()) {
            await().atMost(PATIENCE).until(s::isServing);
        }
        await().atMost(PATIENCE).until(() -> TestApps.Tally.count(monitor.sandbox("tally-a").appMemory()) > 10);
        return monitor;
    }

    private <E extends Event> E awaitEvent(Class<E> type, Predicate<E> match) {
        return await().atMost(PATIENCE).until(() -> first(type, match), Optional::isPresent).orElseThrow();
    }

    private <E extends Event> Optional<E> first(Class<E> type, Predicate<E> match) {
        return monitor.events().all(type).stream().filter(match).findFirst();
    }

    private static Predicate<MonitorEvent.Serving> serving(String sandbox, int incarnation) {
        return e -> e.sandbox().equals(sandbox) && e.incarnation() == incarnation;
    }

    enum Injected {
        PANIC(Detection.TRAP), HANG(Detection.HEARTBEAT), KERNEL_BIT_FLIP(Detection.CHECKSUM), WILD_WRITE(Detection.MEMORY_VIOLATION);

        final Detection detection;

        Injected(Detection detection) {
            this.detection = detection;
        }

        Fault fault(Monitor m, Sandbox target) {
            return switch (this) {
                case PANIC -> new Fault.KernelPanic(Fault.Site.KERNEL);
                case HANG -> new Fault.Hang();
                case KERNEL_BIT_FLIP -> m.injector().drawBitFlip(target, MemoryArea.KERNEL_DATA);
                case WILD_WRITE -> new Fault.WildWrite(64);
            };
        }
    }

    @ParameterizedTest
    @EnumSource(Injected.class)
    void aFailedKernelIsDetectedRestartedFromItsPristineImageAndServesAgain(Injected injected) {
        boot(TestApps.twoPairs(Duration.ofMillis(200), 1024, TestApps.restarts(3)));
        Sandbox tally = monitor.sandbox("tally-a");

        monitor.injector().inject(tally, injected.fault(monitor, tally));

        MonitorEvent.FaultDetected detected = awaitEvent(MonitorEvent.FaultDetected.class, e -> e.sandbox().equals("tally-a"));
        assertEquals(injected.detection, detected.detection(), detected.cause());
        assertEquals(1, detected.incarnation());
        MonitorEvent.Recovering recovering = awaitEvent(MonitorEvent.Recovering.class, e -> e.sandbox().equals("tally-a"));
        assertEquals(Scheme.RESTART, recovering.scheme());
        assertEquals(2, recovering.incarnation());
        MonitorEvent.Serving served = awaitEvent(MonitorEvent.Serving.class, serving("tally-a", 2));
        assertTrue(served.nanos() >= detected.nanos());

        // Pristine: the new incarnation's memory started from zero, so its first message is a later one.
        await().atMost(PATIENCE).until(() -> TestApps.Tally.count(tally.appMemory()) > 10);
        assertTrue(TestApps.Tally.firstSeq(tally.appMemory()) > 10);
        assertEquals(Sandbox.State.RUNNING, tally.state());
        assertEquals(2, tally.incarnation());
        assertTrue(first(MonitorEvent.FaultDetected.class, e -> !e.sandbox().equals("tally-a")).isEmpty(),
                "no other sandbox failed");
    }

    @Test
    void theOtherSandboxesKeepWorkingWhileOneIsDownAndRecovering() {
        boot(TestApps.twoPairs(Duration.ofMillis(1_500), 1024, TestApps.restarts(3)));
        List<Sandbox> others = monitor.sandboxes().stream().filter(s -> !s.name().equals("tally-a")).toList();
        long[] before = others.stream().mapToLong(Sandbox::progress).toArray();

        monitor.injector().inject(monitor.sandbox("tally-a"), new Fault.Hang());

        await().atMost(PATIENCE).until(() -> {
            for (int i = 0; i < others.size(); i++) {
                if (others.get(i).progress() < before[i] + 100) {
                    return false;
                }
            }
            return true;
        });
        assertTrue(first(MonitorEvent.FaultDetected.class, e -> true).isEmpty(),
                "the others rose by 100 while tally-a was still hung, before its failure was even detected");
        awaitEvent(MonitorEvent.Serving.class, serving("tally-a", 2));
        long[] afterRecovery = others.stream().mapToLong(Sandbox::progress).toArray();
        await().atMost(PATIENCE).until(() -> others.getFirst().progress() > afterRecovery[0] + 10);
        assertTrue(others.stream().allMatch(s -> s.incarnation() == 1 && s.state() == Sandbox.State.RUNNING));
    }

    @Test
    void aHungKernelsThreadEndsAtItsFirstTouchOfTheRevokedPartition() {
        boot(TestApps.twoPairs(Duration.ofMillis(200), 1024, TestApps.restarts(3)));
        monitor.injector().inject(monitor.sandbox("tally-a"), new Fault.Hang());

        MonitorEvent.IncarnationEnded ended = awaitEvent(MonitorEvent.IncarnationEnded.class,
                e -> e.sandbox().equals("tally-a") && e.incarnation() == 1);
        assertEquals("stopped at its next memory access: its partition had been revoked", ended.how());
    }

    @Test
    void aSandboxThatKeepsFailingIsStoppedByItsRestartIntensity() {
        boot(TestApps.twoPairs(Duration.ofMillis(200), 1024, TestApps.restarts(2)));
        Sandbox tally = monitor.sandbox("tally-a");
        for (int incarnation = 1; incarnation <= 3; incarnation++) {
            monitor.injector().inject(tally, new Fault.KernelPanic(Fault.Site.KERNEL));
            int failed = incarnation;
            awaitEvent(MonitorEvent.FaultDetected.class, e -> e.sandbox().equals("tally-a") && e.incarnation() == failed);
            if (incarnation < 3) {
                awaitEvent(MonitorEvent.Serving.class, serving("tally-a", incarnation + 1));
            }
        }
        MonitorEvent.Stopped stopped = awaitEvent(MonitorEvent.Stopped.class, e -> e.sandbox().equals("tally-a"));
        assertTrue(stopped.reason().contains("restart intensity exceeded: more than 2 restarts"), stopped.reason());
        assertEquals(Sandbox.State.STOPPED, tally.state());
        assertFalse(tally.isServing());
        assertTrue(first(MonitorEvent.Recovering.class, e -> e.incarnation() == 4).isEmpty());
        assertTrue(tally.stopReason().contains("restart intensity exceeded"), tally.stopReason());
        assertEquals(tally.inbound().getFirst().stats().handled(), tally.progress(),
                "progress sums each incarnation once: all tally-a did was handle messages");

        Sandbox bystander = monitor.sandbox("tally-b");
        long progress = bystander.progress();
        await().atMost(PATIENCE).until(() -> bystander.progress() > progress + 10);
    }

    @Test
    void onALoadedHostATenMillisecondTimeoutFindsTheHangAndNoFalseOne() throws Exception {
        // Two threads that never yield a CPU of the two, beside the kernels: the host is loaded.
        AtomicBoolean loading = new AtomicBoolean(true);
        List<Thread> load = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            load.add(Thread.ofPlatform().daemon(true).start(() -> {
                long spins = 0;
                while (loading.get()) {
                    spins++;
                }
                LOAD_SINK.addAndGet(spins);
            }));
        }
        try {
            boot(TestApps.twoPairs(Duration.ofMillis(10), 1024, TestApps.restarts(3)));
            long end = System.nanoTime() + 3_000_000_000L;
            await().atMost(Duration.ofSeconds(10)).until(() -> System.nanoTime() - end > 0
                    || !monitor.events().all(MonitorEvent.FaultDetected.class).isEmpty());
            assertEquals(List.of(), monitor.events().all(MonitorEvent.FaultDetected.class), "no false detection");
            Sandbox tally = monitor.sandbox("tally-a");
            monitor.injector().inject(tally, new Fault.Hang());
            MonitorEvent.FaultDetected detected = awaitEvent(MonitorEvent.FaultDetected.class, e -> true);
            assertEquals("tally-a", detected.sandbox());
            assertEquals(Detection.HEARTBEAT, detected.detection());
        } finally {
            loading.set(false);
            for (Thread t : load) {
                t.join();
            }
        }
    }

    private static final AtomicLong LOAD_SINK = new AtomicLong();

    @Test
    void messagesSentWhileTheReceiverIsDownWaitForItsNextIncarnationOrAreRefusedAndCounted() {
        boot(TestApps.twoPairs(Duration.ofMillis(400), 64, TestApps.restarts(3)));
        Sandbox tally = monitor.sandbox("tally-a");
        Channel channel = tally.inbound().getFirst();

        monitor.injector().inject(tally, new Fault.Hang());
        await().atMost(PATIENCE).until(() -> channel.stats().refused() > 0);
        ChannelStats during = channel.stats();
        assertTrue(first(MonitorEvent.FaultDetected.class, e -> true).isEmpty(), "still in the outage");
        assertTrue(during.queued() > 0);

        awaitEvent(MonitorEvent.Serving.class, serving("tally-a", 2));
        await().atMost(PATIENCE).until(() -> TestApps.Tally.count(tally.appMemory()) > during.queued());
        assertEquals(during.handled() + 1, TestApps.Tally.firstSeq(tally.appMemory()),
                "the new incarnation's first message is the first one that waited for it");
        assertEquals(0, channel.stats().lost());

        monitor.close();
        ChannelStats s = channel.stats(); // nothing runs after close(): the counters are final
        assertEquals(s.sent(), s.handled() + s.lost() + s.queued(), s.toString());
        assertEquals(0, s.inHandler());
    }

    /**
     * A clock that can act on the supervisor's own thread at the moment it stamps its next event after a
     * detection, i.e. inside a recovery, after the monitor decided to relaunch and before it did.
     */
    static final class TriggerClock implements dev.bulwark.hw.clock.NanoClock {
        final java.util.concurrent.atomic.AtomicReference<Runnable> onRecovery = new java.util.concurrent.atomic.AtomicReference<>();
        volatile Monitor monitor;

        @Override
        public long nanoTime() {
            Monitor m = monitor;
            if (m != null && onRecovery.get() != null && Thread.currentThread().getName().equals("monitor")
                    && !m.events().all(MonitorEvent.FaultDetected.class).isEmpty()) {
                Runnable action = onRecovery.getAndSet(null);
                if (action != null) {
                    action.run();
                }
            }
            return System.nanoTime();
        }
    }

    private Monitor boot(SystemSpec spec, TriggerClock clock) {
        monitor = Monitor.boot(spec, TestApps.registry(), clock, 1);
        clock.monitor = monitor;
        for (Sandbox s : monitor.sandboxes()) {
            await().atMost(PATIENCE).until(s::isServing);
        }
        return monitor;
    }

    @Test
    void aCoreThatFailsDuringARecoveryStopsThatSandboxAndTheSupervisorKeepsDetectingTheOthers() {
        TriggerClock clock = new TriggerClock();
        boot(TestApps.twoPairs(Duration.ofMillis(200), 1024, TestApps.restarts(3)), clock);
        Sandbox tally = monitor.sandbox("tally-a");
        clock.onRecovery.set(() -> tally.core().failStop()); // after "is the core failed?", before the launch

        monitor.injector().inject(tally, new Fault.KernelPanic(Fault.Site.KERNEL));

        MonitorEvent.Stopped stopped = awaitEvent(MonitorEvent.Stopped.class, e -> e.sandbox().equals("tally-a"));
        assertTrue(stopped.reason().contains("core 1 failed for good during the recovery"), stopped.reason());
        MonitorEvent.FaultDetected coreFailure = awaitEvent(MonitorEvent.FaultDetected.class,
                e -> e.sandbox().equals("tally-a") && e.incarnation() == 2);
        assertEquals(Detection.CORE_FAILURE, coreFailure.detection());
        assertEquals(Sandbox.State.STOPPED, tally.state());

        monitor.injector().inject(monitor.sandbox("tally-b"), new Fault.KernelPanic(Fault.Site.KERNEL));
        awaitEvent(MonitorEvent.Serving.class, serving("tally-b", 2));
        assertEquals(0, monitor.monitorFaults());
    }

    @Test
    void aThrowableInASupervisorStepIsRecordedCountedAndTheLoopCarriesOn() {
        TriggerClock clock = new TriggerClock();
        boot(TestApps.twoPairs(Duration.ofMillis(200), 1024, TestApps.restarts(3)), clock);
        clock.onRecovery.set(() -> {
            throw new IllegalStateException("monitor bug");
        });

        monitor.injector().inject(monitor.sandbox("tally-a"), new Fault.KernelPanic(Fault.Site.KERNEL));

        MonitorFault fault = awaitEvent(MonitorFault.class, e -> true);
        assertEquals("handling a trap of tally-a", fault.during());
        assertEquals("IllegalStateException: monitor bug", fault.cause());
        MonitorEvent.Stopped stopped = awaitEvent(MonitorEvent.Stopped.class, e -> e.sandbox().equals("tally-a"));
        assertTrue(stopped.reason().startsWith("the monitor failed while recovering it"), stopped.reason());
        assertEquals(1, monitor.monitorFaults());

        monitor.injector().inject(monitor.sandbox("tally-b"), new Fault.Hang());
        awaitEvent(MonitorEvent.Serving.class, serving("tally-b", 2));
    }

    @Test
    void aFaultInjectedWhileTheSandboxHasNoLiveKernelIsRefusedAndReported() {
        TriggerClock clock = new TriggerClock();
        boot(TestApps.twoPairs(Duration.ofMillis(200), 1024, TestApps.restarts(3)), clock);
        Sandbox tally = monitor.sandbox("tally-a");
        java.util.concurrent.atomic.AtomicReference<Throwable> refused = new java.util.concurrent.atomic.AtomicReference<>();
        clock.onRecovery.set(() -> { // the old incarnation is retired, the new one not yet made current
            try {
                tally.inject(new Fault.Hang());
            } catch (Throwable t) {
                refused.set(t);
            }
        });
        monitor.injector().inject(tally, new Fault.KernelPanic(Fault.Site.KERNEL));
        awaitEvent(MonitorEvent.Serving.class, serving("tally-a", 2));
        assertEquals(FaultRefusedException.class, refused.get().getClass());
        assertEquals("tally-a is recovering: no kernel to take the fault", refused.get().getMessage());
        assertTrue(first(MonitorEvent.FaultDetected.class, e -> e.incarnation() == 2).isEmpty(), "the hang went nowhere");
    }

    @Test
    void onceAnIncarnationsFirstEventIsVisibleTheSandboxShowsItAndFaultsReachIt() {
        java.util.concurrent.atomic.AtomicInteger behind = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<Monitor> booted = new java.util.concurrent.atomic.AtomicReference<>();
        // Every clock read on a kernel's thread (beats, its Serving event) checks that its sandbox already shows it.
        dev.bulwark.hw.clock.NanoClock checking = () -> {
            Monitor m = booted.get();
            String thread = Thread.currentThread().getName();
            int hash = thread.indexOf('#');
            if (m != null && thread.startsWith("tally-a#") && m.sandbox("tally-a").incarnation() < Integer.parseInt(thread.substring(hash + 1))) {
                behind.incrementAndGet();
            }
            return System.nanoTime();
        };
        monitor = Monitor.boot(TestApps.twoPairs(Duration.ofMillis(200), 1024, TestApps.restarts(100)), TestApps.registry(), checking, 1);
        booted.set(monitor);
        Sandbox tally = monitor.sandbox("tally-a");
        await().atMost(PATIENCE).until(tally::isServing);
        for (int n = 1; n <= 20; n++) {
            monitor.injector().inject(tally, new Fault.KernelPanic(Fault.Site.KERNEL));
            int next = n + 1;
            await().atMost(PATIENCE).until(() -> first(MonitorEvent.Serving.class, serving("tally-a", next)).isPresent());
            assertEquals(next, tally.incarnation(), "Serving of #" + next + " is visible");
        }
        assertEquals(0, behind.get(), "kernel reads of the clock before their sandbox showed them");
        assertTrue(first(MonitorEvent.FaultNotTaken.class, e -> true).isEmpty());
        assertTrue(first(FaultRefused.class, e -> true).isEmpty());
    }

    @Test
    void listenersRunOffTheKernelsSoASlowOrThrowingOneHarmsNoCore() {
        boot(TestApps.twoPairs(Duration.ofMillis(200), 1024, TestApps.restarts(3)));
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        monitor.events().subscribe(e -> {
            throw new IllegalStateException("listener bug");
        });
        monitor.events().subscribe(e -> {
            try {
                never.await(); // stuck for the rest of the test
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        });
        monitor.injector().inject(monitor.sandbox("tally-a"), new Fault.KernelPanic(Fault.Site.KERNEL));
        awaitEvent(MonitorEvent.Serving.class, serving("tally-a", 2)); // recorded by the new kernel's own thread
        Sandbox bystander = monitor.sandbox("tally-b");
        long progress = bystander.progress();
        await().atMost(PATIENCE).until(() -> bystander.progress() > progress + 100);
        assertEquals(1, monitor.events().all(MonitorEvent.FaultDetected.class).size(), "only the injected panic");
        assertTrue(monitor.events().listenerFailures() > 0);
        never.countDown();
    }

    @Test
    void aCleanShutdownSaysInWordsHowEachIncarnationEnded() {
        boot(TestApps.twoPairs(Duration.ofMillis(200), 1024, TestApps.restarts(3)));
        monitor.close();
        List<MonitorEvent.IncarnationEnded> ended = monitor.events().all(MonitorEvent.IncarnationEnded.class);
        assertEquals(4, ended.size(), ended::toString);
        assertTrue(ended.stream().allMatch(e -> e.how().equals("halted at the end of an event-loop pass")), ended::toString);
        assertTrue(monitor.sandboxes().stream().allMatch(s -> s.state() == Sandbox.State.SHUT_DOWN && s.stopReason() == null));
    }

    @Test
    void anInvalidSpecIsRefusedWithEveryProblem() {
        SystemSpec good = TestApps.twoPairs(Duration.ofMillis(200), 64, TestApps.restarts(1));
        SystemSpec bad = new SystemSpec(good.chip(), good.sandboxes(),
                List.of(new dev.bulwark.monitor.spec.ChannelSpec("ticker-a", "nowhere", 8)), good.detection(), good.recovery());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Monitor.boot(bad, TestApps.registry()));
        assertTrue(e.getMessage().contains("channels[0].to"), e.getMessage());
    }
}
