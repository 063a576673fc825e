package dev.bulwark.monitor;

import dev.bulwark.hw.core.BackoffIdleStrategy;
import dev.bulwark.hw.core.BusySpinIdleStrategy;
import dev.bulwark.hw.core.CpuAffinity;
import dev.bulwark.hw.fault.Fault;
import dev.bulwark.hw.memory.MemoryWindow;
import dev.bulwark.monitor.event.MonitorEvent;
import dev.bulwark.monitor.spec.ChipSpec;
import dev.bulwark.monitor.spec.DetectionSpec;
import dev.bulwark.monitor.spec.IdleMode;
import dev.bulwark.monitor.policy.Scheme;
import dev.bulwark.monitor.spec.RecoverySpec;
import dev.bulwark.monitor.spec.SandboxSpec;
import dev.bulwark.monitor.spec.SystemSpec;
import dev.bulwark.sandbox.app.App;
import dev.bulwark.sandbox.app.AppContext;
import dev.bulwark.sandbox.app.AppDescriptor;
import dev.bulwark.sandbox.app.AppRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the cores' threads use the host: pinned to host CPUs (chip.pin) and idling as chip.idle says. */
class CoreThreadsTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private Monitor monitor;

    @AfterEach
    void shutDown() {
        if (monitor != null) {
            monitor.close();
        }
    }

    /**
     * Records, from the kernel's own core thread (where app code runs), the host CPUs that thread may run on:
     * {@code 0 count | 8 cpu | 16 cpu | ...} in its memory, which starts from zero in every incarnation.
     */
    static final class AffinityProbe implements App {
        @Override
        public void start(AppContext ctx) {
            List<Integer> cpus = CpuAffinity.allowedCpus();
            MemoryWindow memory = ctx.memory();
            for (int i = 0; i < cpus.size(); i++) {
                memory.putLong(8 + 8L * i, cpus.get(i));
            }
            memory.putLong(0, cpus.size());
        }

        /** What the probe recorded, or empty while it has not yet. */
        static List<Integer> seen(MemorySegment appMemory) {
            int count = (int) appMemory.get(ValueLayout.JAVA_LONG_UNALIGNED, 0);
            return IntStream.range(0, count).mapToObj(i -> (int) appMemory.get(ValueLayout.JAVA_LONG_UNALIGNED, 8 + 8L * i))
                    .toList();
        }
    }

    private static final AppRegistry APPS = AppRegistry.of(
            AppDescriptor.of("probe", "Records its thread's allowed host CPUs.", params -> new AffinityProbe()));

    /** A probe on each of {@code cores} of a chip with {@code chipCores} cores. */
    private static SystemSpec probes(int chipCores, boolean pin, IdleMode idle, int... cores) {
        List<SandboxSpec> sandboxes = new ArrayList<>();
        for (int core : cores) {
            sandboxes.add(new SandboxSpec("probe-" + core, core, 1 << 20, null, "probe", Map.of(), null));
        }
        return new SystemSpec(new ChipSpec(chipCores, 16 << 20, 4096, pin, idle), sandboxes, List.of(),
                new DetectionSpec(Duration.ofSeconds(2), Duration.ofMillis(1)),
                new RecoverySpec(Scheme.RESTART, 3, Duration.ofMinutes(1)));
    }

    private Monitor boot(SystemSpec spec) throws InterruptedException {
        monitor = Monitor.boot(spec, APPS);
        assertTrue(monitor.awaitBooted(PATIENCE.toSeconds(), TimeUnit.SECONDS));
        return monitor;
    }

    /** What {@code sandbox}'s current incarnation recorded, once it has. */
    private List<Integer> seenBy(String sandbox) {
        Sandbox s = monitor.sandbox(sandbox);
        return await().atMost(PATIENCE).until(() -> AffinityProbe.seen(s.appMemory()), seen -> !seen.isEmpty());
    }

    /** {@code pinned: core a→cpu x, ...} for the cores given, in order, assigned round-robin over the allowed CPUs. */
    private static String pinnedLine(List<Integer> allowed, int... cores) {
        return "pinned: " + IntStream.range(0, cores.length)
                .mapToObj(k -> "core " + cores[k] + "→cpu " + allowed.get(k % allowed.size()))
                .collect(Collectors.joining(", "));
    }

    @Test
    void withPinEachKernelsThreadMayRunOnlyOnItsAssignedCpuRoundRobinAndTheReportNamesTheMapping() throws Exception {
        List<Integer> allowed = CpuAffinity.allowedCpus();
        boot(probes(4, true, IdleMode.BACKOFF, 0, 1, 2, 3));

        PinningReport report = monitor.pinning();
        assertTrue(report.requested());
        assertTrue(report.complete(), report::line);
        if (!CpuAffinity.isSupported()) {
            assertEquals("not pinned: " + CpuAffinity.unsupportedReason(), report.line());
            return;
        }
        for (int core = 0; core < 4; core++) {
            int cpu = allowed.get(core % allowed.size());
            assertEquals(List.of(cpu), seenBy("probe-" + core), "core " + core + "'s kernel sees only its CPU");
            assertEquals(cpu, monitor.core(core).hostCpu());
        }
        assertTrue(report.allPinned(), report::line);
        assertEquals(pinnedLine(allowed, 0, 1, 2, 3), report.line());
    }

    @Test
    void onlyTheCoresThatRunSandboxesAreCountedSoTheyStaySpreadOverTheCpus() throws Exception {
        List<Integer> allowed = CpuAffinity.allowedCpus();
        boot(probes(4, true, IdleMode.BACKOFF, 1, 3));

        assertEquals(-1, monitor.core(0).hostCpu());
        assertEquals(allowed.get(0), monitor.core(1).hostCpu());
        assertEquals(allowed.get(1 % allowed.size()), monitor.core(3).hostCpu());
        if (CpuAffinity.isSupported()) {
            assertEquals(pinnedLine(allowed, 1, 3), monitor.pinning().line());
            assertEquals(List.of(allowed.get(1 % allowed.size())), seenBy("probe-3"));
        }
    }

    @Test
    void aReincarnationPinsItsNewThreadAgain() throws Exception {
        List<Integer> allowed = CpuAffinity.allowedCpus();
        boot(probes(2, true, IdleMode.BACKOFF, 0, 1));
        Sandbox victim = monitor.sandbox("probe-1");
        var firstRun = victim.current().execution();

        monitor.injector().inject(victim, new Fault.KernelPanic(Fault.Site.KERNEL));

        await().atMost(PATIENCE).until(() -> monitor.events().all(MonitorEvent.Serving.class).stream()
                .anyMatch(e -> e.sandbox().equals("probe-1") && e.incarnation() == 2));
        var secondRun = victim.current().execution();
        assertNotSame(firstRun, secondRun, "a new run: a new thread");
        CpuAffinity.Result again = secondRun.pinning().orElseThrow();
        assertEquals(allowed.get(1 % allowed.size()), again.cpu());
        if (CpuAffinity.isSupported()) {
            assertTrue(again.pinned(), again.why());
            assertEquals(List.of(allowed.get(1 % allowed.size())), seenBy("probe-1"), "the new incarnation's own record");
        }
    }

    @Test
    void withoutPinNothingIsPinnedAndTheReportSaysSo() throws Exception {
        List<Integer> allowed = CpuAffinity.allowedCpus();
        boot(probes(2, false, IdleMode.BACKOFF, 0, 1));

        PinningReport report = monitor.pinning();
        assertFalse(report.requested());
        assertEquals("not pinned: chip.pin is off", report.line());
        assertEquals(allowed, seenBy("probe-0"));
        assertTrue(monitor.sandbox("probe-1").current().execution().pinning().isEmpty());
    }

    @Test
    void idleSpinMakesEveryKernelBusySpinAndBackoffBacksOff() throws Exception {
        boot(probes(1, false, IdleMode.SPIN, 0));
        assertInstanceOf(BusySpinIdleStrategy.class, monitor.sandbox("probe-0").current().execution().idleStrategy());
        monitor.injector().inject(monitor.sandbox("probe-0"), new Fault.KernelPanic(Fault.Site.KERNEL));
        await().atMost(PATIENCE).until(() -> monitor.sandbox("probe-0").incarnation() == 2);
        assertInstanceOf(BusySpinIdleStrategy.class, monitor.sandbox("probe-0").current().execution().idleStrategy(),
                "a re-incarnation spins too");
        monitor.close();

        boot(probes(1, false, IdleMode.BACKOFF, 0));
        assertInstanceOf(BackoffIdleStrategy.class, monitor.sandbox("probe-0").current().execution().idleStrategy());
    }

    @Test
    void theReportSaysEachReasonACoreCouldNotBePinnedOnceAndWhatIsPending() {
        var pinned = new PinningReport.CorePin(0, 0, Optional.of(new CpuAffinity.Result(0, true, "")));
        var refused = new PinningReport.CorePin(1, 1, Optional.of(new CpuAffinity.Result(1, false, "not permitted")));
        var refusedToo = new PinningReport.CorePin(2, 0, Optional.of(new CpuAffinity.Result(0, false, "not permitted")));
        var pending = new PinningReport.CorePin(3, 1, Optional.empty());

        assertEquals("not pinned: not permitted", new PinningReport(true, List.of(refused, refusedToo)).line());
        assertEquals("pinned: core 0→cpu 0; not pinned: core 1→cpu 1, core 2→cpu 0: not permitted; "
                + "pending: core 3→cpu 1 (the run has not started yet)",
                new PinningReport(true, List.of(pinned, refused, refusedToo, pending)).line());
        assertFalse(new PinningReport(true, List.of(pinned, pending)).complete());
        assertFalse(new PinningReport(true, List.of(pinned, refused)).allPinned());
        assertTrue(new PinningReport(true, List.of(pinned)).allPinned());
    }
}
