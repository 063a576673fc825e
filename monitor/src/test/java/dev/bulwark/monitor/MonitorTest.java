package dev.bulwark.monitor;

import dev.bulwark.hw.event.Event;
import dev.bulwark.hw.fault.Fault;
import dev.bulwark.hw.fault.MemoryArea;
import dev.bulwark.ipc.Channel;
import dev.bulwark.ipc.ChannelStats;
import dev.bulwark.monitor.event.Detection;
import dev.bulwark.monitor.event.MonitorEvent;
import dev.bulwark.monitor.spec.RecoveryScheme;
import dev.bulwark.monitor.spec.SystemSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
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
        assertEquals(RecoveryScheme.RESTART, recovering.scheme());
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
        assertTrue(ended.how().startsWith("ended by IllegalStateException"), ended.how());
        assertTrue(ended.how().contains("closed"), ended.how());
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
        assertEquals(tally.inbound().getFirst().stats().handled(), tally.progress(),
                "progress sums each incarnation once: all tally-a did was handle messages");

        Sandbox bystander = monitor.sandbox("tally-b");
        long progress = bystander.progress();
        await().atMost(PATIENCE).until(() -> bystander.progress() > progress + 10);
    }

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
        await().atMost(PATIENCE).until(() -> {
            ChannelStats s = channel.stats();
            return s.sent() == s.handled() + s.lost() + s.queued();
        });
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
