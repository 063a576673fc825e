package dev.bulwark.cli.inject;

import dev.bulwark.apps.StandardApps;
import dev.bulwark.hw.fault.Fault;
import dev.bulwark.hw.fault.FaultInjected;
import dev.bulwark.hw.fault.MemoryArea;
import dev.bulwark.monitor.Monitor;
import dev.bulwark.monitor.event.Detection;
import dev.bulwark.monitor.event.MonitorEvent;
import dev.bulwark.monitor.spec.SystemSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InjectionScheduleTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private static List<Injection> read(SystemSpec spec, String... typed) {
        return InjectionSyntax.parse(List.of(typed), ChipTargets.of(spec), null);
    }

    private static Monitor boot(SystemSpec spec, long seed) throws InterruptedException {
        Monitor monitor = Monitor.boot(spec, StandardApps.registry(), dev.bulwark.hw.clock.NanoClock.SYSTEM, seed);
        assertTrue(monitor.awaitBooted(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
        return monitor;
    }

    private static List<Fault> plannedFaults(SystemSpec spec, long seed, List<Injection> injections) throws InterruptedException {
        try (Monitor monitor = boot(spec, seed)) {
            return InjectionSchedule.plan(injections, monitor).planned().stream().map(InjectionSchedule.Planned::fault).toList();
        }
    }

    @Test
    void eachInjectionIsMadeInOrderAsPlannedIntoItsLiveTarget() throws Exception {
        SystemSpec spec = ChipTargetsTest.spec(ChipTargetsTest.CHIP);
        List<Injection> injections = read(spec, "kernel-panic sandbox=a site=kernel after=0s", "bit-flip sandbox=b area=app after=0s",
                "device-failure device=clock after=0s", "core-fail-stop core=2 after=0s");
        try (Monitor monitor = boot(spec, 3)) {
            InjectionSchedule schedule = InjectionSchedule.plan(injections, monitor);
            List<InjectionSchedule.Planned> planned = schedule.planned();
            assertEquals(List.of(1, 2, 3, 4), planned.stream().map(InjectionSchedule.Planned::number).toList());
            assertEquals(List.of("a", "b", "clock", "core-2"), planned.stream().map(p -> p.target().targetName()).toList());
            assertEquals(new Fault.KernelPanic(Fault.Site.KERNEL), planned.getFirst().fault());
            assertEquals(MemoryArea.APP_DATA, ((Fault.BitFlip) planned.get(1).fault()).area());
            List<String> problems = new ArrayList<>();
            schedule.start(System.nanoTime(), problems::add);
            List<FaultInjected> made = await().atMost(PATIENCE).until(() -> monitor.events().all(FaultInjected.class), l -> l.size() == 4);
            assertEquals(planned.stream().map(InjectionSchedule.Planned::fault).toList(), made.stream().map(FaultInjected::fault).toList());
            assertEquals(List.of(1L, 2L, 3L, 4L), made.stream().map(FaultInjected::seq).toList(), "numbered as the plan numbers them");
            await().atMost(PATIENCE).until(() -> monitor.events().all(MonitorEvent.FaultDetected.class).stream()
                    .anyMatch(d -> d.sandbox().equals("a") && d.detection() == Detection.TRAP));
            assertEquals(List.of(), schedule.stop());
            assertEquals(List.of(), problems);
        }
    }

    @Test
    void theSameSeedDrawsTheSameFaults() throws Exception {
        SystemSpec spec = ChipTargetsTest.spec(ChipTargetsTest.CHIP);
        List<Injection> injections = read(spec, "panic sandbox=a after=1s", "bit-flip sandbox=b after=1s", "wild-write sandbox=a after=2s",
                "driver-bug sandbox=a after=3s", "device-failure device=clock after=3s");
        List<Fault> first = plannedFaults(spec, 11, injections);
        assertEquals(first, plannedFaults(spec, 11, injections));
        List<List<Fault>> others = new ArrayList<>();
        for (long seed = 12; seed < 15; seed++) {
            others.add(plannedFaults(spec, seed, injections));
        }
        assertTrue(others.stream().anyMatch(o -> !o.equals(first)), "other seeds, other faults: " + first + " " + others);
    }

    @Test
    void stoppingBeforeAnInjectionsTimeReturnsItUnmade() throws Exception {
        SystemSpec spec = ChipTargetsTest.spec(ChipTargetsTest.CHIP);
        try (Monitor monitor = boot(spec, 1)) {
            InjectionSchedule schedule = InjectionSchedule.plan(read(spec, "panic sandbox=a site=app after=0s", "hang sandbox=b after=60m"), monitor);
            schedule.start(System.nanoTime(), problem -> { });
            await().atMost(PATIENCE).until(() -> monitor.events().all(FaultInjected.class).size() == 1);
            assertEquals(List.of(schedule.planned().get(1)), schedule.stop());
            assertEquals(1, monitor.events().all(FaultInjected.class).size());
        }
        try (Monitor monitor = boot(spec, 1)) {
            InjectionSchedule never = InjectionSchedule.plan(read(spec, "hang sandbox=a after=0s"), monitor);
            assertEquals(never.planned(), never.stop(), "a schedule never started made none");
        }
    }

    @Test
    void aGivenOffsetPastItsAreaIsRefusedOnceTheChipIsBuilt() throws Exception {
        SystemSpec spec = ChipTargetsTest.spec(ChipTargetsTest.CHIP);
        try (Monitor monitor = boot(spec, 1)) {
            assertEquals(55, ((Fault.BitFlip) InjectionSchedule.plan(read(spec, "bit-flip sandbox=a area=kernel offset=55 after=0s"), monitor)
                    .planned().getFirst().fault()).offset());
            BadInjection e = assertThrows(BadInjection.class,
                    () -> InjectionSchedule.plan(read(spec, "bit-flip sandbox=a area=kernel offset=56 after=0s"), monitor));
            assertEquals("invalid injection 'bit-flip sandbox=a area=kernel offset=56 after=0s': offset 56 is past the end of a's "
                    + "kernel data (56 bytes: offsets 0 to 55)", e.getMessage());
            long app = 1 << 20;
            long appBytes = app - 4096; // the partition less the kernel's first page
            e = assertThrows(BadInjection.class,
                    () -> InjectionSchedule.plan(read(spec, "bit-flip sandbox=b area=app offset=" + appBytes + " after=0s"), monitor));
            assertEquals("invalid injection 'bit-flip sandbox=b area=app offset=" + appBytes + " after=0s': offset " + appBytes
                    + " is past the end of b's app data (" + appBytes + " bytes: offsets 0 to " + (appBytes - 1) + ")", e.getMessage());
        }
    }
}
