package dev.bulwark.monitor;

import dev.bulwark.hw.event.Event;
import dev.bulwark.hw.fault.Fault;
import dev.bulwark.hw.fault.MemoryArea;
import dev.bulwark.monitor.event.Detection;
import dev.bulwark.monitor.event.MonitorEvent;
import dev.bulwark.monitor.policy.Backoff;
import dev.bulwark.monitor.policy.Scheme;
import dev.bulwark.monitor.policy.Strategy;
import dev.bulwark.monitor.spec.ChipSpec;
import dev.bulwark.monitor.spec.GroupSpec;
import dev.bulwark.monitor.spec.RecoverySpec;
import dev.bulwark.monitor.spec.SystemSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The supervisors' plans carried out on a live chip (two ticker -> tally pairs): microreboot keeping the app's
 * memory, or escalating when the app's check refuses it; migration to a spare core when a core fails for good,
 * escalation and stop when none is left; group strategies; backoff that never blocks the supervisor.
 */
class RecoveryPlanTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final RecoverySpec MICROREBOOT_THEN_RESTART =
            new RecoverySpec(List.of(Scheme.MICROREBOOT, Scheme.RESTART), 10, Duration.ofMinutes(1), Backoff.NONE);

    private Monitor monitor;

    @AfterEach
    void shutDown() {
        if (monitor != null) {
            monitor.close();
        }
    }

    private static SystemSpec pairs(RecoverySpec recovery) {
        return TestApps.twoPairs(Duration.ofMillis(200), 1024, recovery);
    }

    /** The pairs on five cores, core 4 a spare. */
    private static SystemSpec pairsWithASpare(RecoverySpec recovery) {
        return pairs(recovery).withChip(new ChipSpec(5, 16 << 20, 4096).withSpareCores(List.of(4)));
    }

    private Sandbox boot(SystemSpec spec) {
        monitor = Monitor.boot(spec, TestApps.registry());
        Sandbox tally = monitor.sandbox("tally-a");
        await().atMost(PATIENCE).until(() -> monitor.sandboxes().stream().allMatch(Sandbox::isServing)
                && TestApps.Tally.count(tally.appMemory()) > 10);
        return tally;
    }

    private <E extends Event> E awaitEvent(Class<E> type, Predicate<E> match) {
        return await().atMost(PATIENCE).until(() -> first(type, match), Optional::isPresent).orElseThrow();
    }

    private <E extends Event> Optional<E> first(Class<E> type, Predicate<E> match) {
        return monitor.events().all(type).stream().filter(match).findFirst();
    }

    private void awaitServing(String sandbox, int incarnation) {
        awaitEvent(MonitorEvent.Serving.class, e -> e.sandbox().equals(sandbox) && e.incarnation() == incarnation);
    }

    private static Predicate<MonitorEvent> of(String sandbox) {
        return e -> e.sandbox().equals(sandbox);
    }

    @Test
    void aMicrorebootAfterAPanicKeepsTheAppsMemoryOnTheSameBacking() {
        Sandbox tally = boot(pairs(MICROREBOOT_THEN_RESTART));
        Incarnation old = tally.current();
        long firstSeq = TestApps.Tally.firstSeq(tally.appMemory());
        long countBefore = TestApps.Tally.count(tally.appMemory());

        monitor.injector().inject(tally, new Fault.KernelPanic(Fault.Site.KERNEL));
        awaitServing("tally-a", 2);

        MonitorEvent.MemoryChecked checked = awaitEvent(MonitorEvent.MemoryChecked.class, of("tally-a")::test);
        assertTrue(checked.kept(), checked.problem());
        assertTrue(checked.unmapNanos() >= 0);
        assertEquals(Scheme.MICROREBOOT, awaitEvent(MonitorEvent.Recovering.class, of("tally-a")::test).scheme());
        assertTrue(old.partition().isRevoked(), "the old mapping closed before the new one opened");
        assertSame(old.backing(), tally.current().backing());
        assertEquals(firstSeq, TestApps.Tally.firstSeq(tally.appMemory()), "the app's memory was kept");
        await().atMost(PATIENCE).until(() -> TestApps.Tally.count(tally.appMemory()) > countBefore + 10);
        assertEquals(Optional.empty(), first(MonitorEvent.Escalated.class, e -> true));
    }

    @Test
    void aMicrorebootAfterAHangKeepsTheMemoryAndTheZombieCannotTouchIt() {
        Sandbox tally = boot(pairs(MICROREBOOT_THEN_RESTART));
        long firstSeq = TestApps.Tally.firstSeq(tally.appMemory());

        monitor.injector().inject(tally, new Fault.Hang());
        MonitorEvent.FaultDetected hang = awaitEvent(MonitorEvent.FaultDetected.class, of("tally-a")::test);
        assertEquals(Detection.HEARTBEAT, hang.detection());
        awaitServing("tally-a", 2);

        assertTrue(awaitEvent(MonitorEvent.MemoryChecked.class, of("tally-a")::test).kept());
        assertEquals(firstSeq, TestApps.Tally.firstSeq(tally.appMemory()));
        // The hung kernel polls its lock word through its mapping: closed, so its next access ends it.
        MonitorEvent.IncarnationEnded ended = awaitEvent(MonitorEvent.IncarnationEnded.class,
                e -> e.sandbox().equals("tally-a") && e.incarnation() == 1);
        assertEquals("stopped at its next memory access: its partition had been revoked", ended.how());
        long count = TestApps.Tally.count(tally.appMemory());
        await().atMost(PATIENCE).until(() -> TestApps.Tally.count(tally.appMemory()) > count + 10);
    }

    @Test
    void anAppDataBitFlipTheAppFindsFailsTheMicrorebootsCheckAndEscalatesToARestart() {
        Sandbox tally = boot(pairs(MICROREBOOT_THEN_RESTART));
        long firstSeq = TestApps.Tally.firstSeq(tally.appMemory());

        monitor.injector().inject(tally, new Fault.BitFlip(MemoryArea.APP_DATA, 8 + 3, 6)); // in "first seq"

        MonitorEvent.FaultDetected detected = awaitEvent(MonitorEvent.FaultDetected.class, of("tally-a")::test);
        assertEquals(Detection.CHECKSUM, detected.detection(), detected.cause());
        MonitorEvent.MemoryChecked checked = awaitEvent(MonitorEvent.MemoryChecked.class, of("tally-a")::test);
        assertTrue(checked.problem().contains("does not match its seal"), checked.problem());
        MonitorEvent.Escalated escalated = awaitEvent(MonitorEvent.Escalated.class, of("tally-a")::test);
        assertEquals(Scheme.MICROREBOOT, escalated.scheme());
        awaitServing("tally-a", 2);
        assertEquals(Scheme.RESTART, monitor.events().all(MonitorEvent.Recovering.class).stream()
                .filter(of("tally-a")::test).toList().getLast().scheme());
        await().atMost(PATIENCE).until(() -> TestApps.Tally.count(tally.appMemory()) > 10);
        assertTrue(TestApps.Tally.firstSeq(tally.appMemory()) > firstSeq, "restarted from zero: the state was lost");
        assertEquals(Sandbox.State.RUNNING, monitor.sandbox("tally-b").state());
    }

    @Test
    void aCoreThatFailsForGoodMovesItsSandboxToTheSpareAndItsChannelsWorkThere() {
        Sandbox tally = boot(pairsWithASpare(MICROREBOOT_THEN_RESTART));
        long firstSeq = TestApps.Tally.firstSeq(tally.appMemory());
        long bystander = monitor.sandbox("tally-b").progress();

        monitor.injector().inject(monitor.core(1), new Fault.CoreFailStop());

        assertEquals(Detection.CORE_FAILURE, awaitEvent(MonitorEvent.FaultDetected.class, of("tally-a")::test).detection());
        MonitorEvent.Migrated moved = awaitEvent(MonitorEvent.Migrated.class, of("tally-a")::test);
        assertEquals(1, moved.fromCore());
        assertEquals(4, moved.toCore());
        awaitServing("tally-a", 2);
        assertEquals(4, tally.core().id());
        assertEquals(4, awaitEvent(MonitorEvent.Booted.class, e -> e.sandbox().equals("tally-a") && e.incarnation() == 2).core());
        assertEquals(firstSeq, TestApps.Tally.firstSeq(tally.appMemory()), "microreboot kept the memory across cores");
        long count = TestApps.Tally.count(tally.appMemory());
        await().atMost(PATIENCE).until(() -> TestApps.Tally.count(tally.appMemory()) > count + 10); // ticker-a's channel
        assertTrue(monitor.sandbox("tally-b").progress() > bystander, "the bystanders went on");
    }

    @Test
    void withNoSpareCoreLeftEverySchemeIsRefusedAndTheSandboxStops() {
        Sandbox tally = boot(pairs(MICROREBOOT_THEN_RESTART));

        monitor.injector().inject(monitor.core(1), new Fault.CoreFailStop());

        MonitorEvent.Stopped stopped = awaitEvent(MonitorEvent.Stopped.class, of("tally-a")::test);
        assertTrue(stopped.reason().startsWith("no recovery scheme left: microreboot refused: core 1 failed for good and "
                + "no spare core is left; restart refused: core 1 failed for good"), stopped.reason());
        assertEquals(Sandbox.State.STOPPED, tally.state());
        monitor.injector().inject(monitor.sandbox("tally-b"), new Fault.KernelPanic(Fault.Site.KERNEL));
        awaitServing("tally-b", 2);
    }

    @Test
    void aCoreThatFailsDuringAMicrorebootEscalatesAndTheNextSchemeMovesToTheSpare() {
        MonitorTest.TriggerClock clock = new MonitorTest.TriggerClock();
        monitor = Monitor.boot(pairsWithASpare(MICROREBOOT_THEN_RESTART), TestApps.registry(), clock, 1);
        clock.monitor = monitor;
        Sandbox tally = monitor.sandbox("tally-a");
        await().atMost(PATIENCE).until(() -> monitor.sandboxes().stream().allMatch(Sandbox::isServing));
        clock.onRecovery.set(() -> monitor.core(1).failStop()); // once the plan is made, before its launch

        monitor.injector().inject(tally, new Fault.KernelPanic(Fault.Site.KERNEL));

        MonitorEvent.Escalated escalated = awaitEvent(MonitorEvent.Escalated.class, of("tally-a")::test);
        assertEquals(Scheme.MICROREBOOT, escalated.scheme());
        assertTrue(escalated.reason().contains("core 1 failed for good during the recovery"), escalated.reason());
        MonitorEvent.Migrated moved = awaitEvent(MonitorEvent.Migrated.class, of("tally-a")::test);
        assertEquals(4, moved.toCore());
        awaitServing("tally-a", 2);
        assertEquals(Scheme.RESTART, monitor.events().all(MonitorEvent.Recovering.class).stream()
                .filter(of("tally-a")::test).toList().getLast().scheme());
        assertEquals(0, monitor.monitorFaults());
    }

    @Test
    void oneForAllRetiresAndRelaunchesEveryMemberInStartOrder() {
        SystemSpec spec = pairs(TestApps.restarts(5)).withGroups(List.of(
                new GroupSpec("pair-a", List.of("ticker-a", "tally-a"), Strategy.ONE_FOR_ALL, null)));
        Sandbox tally = boot(spec);

        monitor.injector().inject(tally, new Fault.KernelPanic(Fault.Site.KERNEL));
        awaitServing("tally-a", 2);
        awaitServing("ticker-a", 2);

        MonitorEvent.Retired retired = awaitEvent(MonitorEvent.Retired.class, of("ticker-a")::test);
        assertEquals("tally-a", retired.failed());
        List<String> boots = monitor.events().all(MonitorEvent.Booted.class).stream()
                .filter(b -> b.incarnation() == 2).map(MonitorEvent.Booted::sandbox).toList();
        assertEquals(List.of("ticker-a", "tally-a"), boots, "start order");
        assertEquals(1, monitor.sandbox("ticker-b").incarnation(), "the other pair is not in the group");
        long count = TestApps.Tally.count(tally.appMemory());
        await().atMost(PATIENCE).until(() -> TestApps.Tally.count(tally.appMemory()) > count + 10);
    }

    @Test
    void restForOneTakesDownTheMembersAfterTheFailedOneOnly() {
        SystemSpec spec = pairs(TestApps.restarts(5)).withGroups(List.of(
                new GroupSpec("pair-a", List.of("ticker-a", "tally-a"), Strategy.REST_FOR_ONE, null)));
        Sandbox tally = boot(spec);

        monitor.injector().inject(tally, new Fault.KernelPanic(Fault.Site.KERNEL));
        awaitServing("tally-a", 2);
        assertEquals(1, monitor.sandbox("ticker-a").incarnation(), "before the failed one: left alone");

        monitor.injector().inject(monitor.sandbox("ticker-a"), new Fault.KernelPanic(Fault.Site.KERNEL));
        awaitServing("ticker-a", 2);
        awaitServing("tally-a", 3);
        assertEquals("ticker-a", awaitEvent(MonitorEvent.Retired.class, of("tally-a")::test).failed());
    }

    @Test
    void aBackoffDelaysTheLaunchWithoutBlockingTheSupervisor() {
        RecoverySpec slow = new RecoverySpec(List.of(Scheme.RESTART), 5, Duration.ofMinutes(1),
                new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(8)));
        SystemSpec spec = pairs(TestApps.restarts(5)).withGroups(List.of(
                new GroupSpec("slow", List.of("tally-a"), Strategy.ONE_FOR_ONE, slow)));
        Sandbox tally = boot(spec);

        monitor.injector().inject(tally, new Fault.KernelPanic(Fault.Site.KERNEL));
        MonitorEvent.BackingOff backoff = awaitEvent(MonitorEvent.BackingOff.class, of("tally-a")::test);
        assertEquals(Duration.ofSeconds(2).toNanos(), backoff.delayNanos());

        // While tally-a waits out its backoff, the supervisor recovers tally-b at once.
        monitor.injector().inject(monitor.sandbox("tally-b"), new Fault.KernelPanic(Fault.Site.KERNEL));
        awaitServing("tally-b", 2);
        assertEquals(Optional.empty(), first(MonitorEvent.Booted.class,
                e -> e.sandbox().equals("tally-a") && e.incarnation() == 2), "tally-a still waits");

        awaitServing("tally-a", 2);
        MonitorEvent.Booted booted = first(MonitorEvent.Booted.class,
                e -> e.sandbox().equals("tally-a") && e.incarnation() == 2).orElseThrow();
        assertTrue(booted.nanos() - backoff.nanos() >= backoff.delayNanos(), "launched after the backoff, not before");
        assertNotEquals(Sandbox.State.STOPPED, tally.state());
        assertNull(tally.stopReason());
    }
}
