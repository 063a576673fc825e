package dev.bulwark.monitor;

import dev.bulwark.hw.device.DeviceActivity;
import dev.bulwark.hw.event.Event;
import dev.bulwark.hw.fault.Fault;
import dev.bulwark.hw.memory.MemoryWindow;
import dev.bulwark.monitor.event.Detection;
import dev.bulwark.monitor.event.MonitorEvent;
import dev.bulwark.monitor.policy.Scheme;
import dev.bulwark.monitor.spec.ChipSpec;
import dev.bulwark.monitor.spec.DetectionSpec;
import dev.bulwark.monitor.spec.DeviceSpec;
import dev.bulwark.monitor.spec.RecoverySpec;
import dev.bulwark.monitor.spec.SandboxSpec;
import dev.bulwark.monitor.spec.SpecProblem;
import dev.bulwark.monitor.spec.SpecValidator;
import dev.bulwark.monitor.spec.SystemSpec;
import dev.bulwark.sandbox.app.App;
import dev.bulwark.sandbox.app.AppContext;
import dev.bulwark.sandbox.app.AppDescriptor;
import dev.bulwark.sandbox.app.AppRegistry;
import dev.bulwark.sandbox.app.BlockPort;
import dev.bulwark.sandbox.app.DeviceEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;
import java.util.zip.CRC32C;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Devices end to end through the monitor and a kernel: a block device read page by page with completions, a
 * console whose lines reach the event log, a timer whose ticks survive a restart of their owner, and every
 * device failure mode (and a driver bug) detected as its kind and recovered by the restart scheme, the device
 * re-attached to the new incarnation.
 */
class DevicesTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final int PAGE = 4096;

    @TempDir
    Path dir;
    private Monitor monitor;

    @AfterEach
    void shutDown() {
        if (monitor != null) {
            monitor.close();
        }
    }

    /**
     * Reads its input device from page 0 to the end, CRC-ing the bytes, writes the CRC into page 0 of its output
     * device, prints it, finishes the job, and then reads the input again and again (so a device fault always
     * finds a request in flight). Counts passes and timer ticks in its memory.
     *
     * <pre>memory: 0 passes (long) | 8 ticks (long) | 16 last tick number (long)</pre>
     */
    static final class Reader implements App {
        private CRC32C crc = new CRC32C();
        private long next;

        @Override
        public void start(AppContext ctx) {
            readNext(ctx);
        }

        private void readNext(AppContext ctx) {
            BlockPort in = ctx.block("in");
            if (next < in.pages()) {
                if (!in.read(next, next)) {
                    throw new IllegalStateException("request ring full with one request in flight");
                }
            }
        }

        @Override
        public void onDevice(AppContext ctx, DeviceEvent event) {
            MemoryWindow m = ctx.memory();
            switch (event) {
                case DeviceEvent.BlockCompletion c when c.device().equals("in") -> {
                    BlockPort in = ctx.block("in");
                    long valid = Math.min(PAGE, in.byteSize() - c.page() * PAGE);
                    crc.update(c.data(), 0, (int) valid);
                    next++;
                    if (next == in.pages()) {
                        String hex = Integer.toHexString((int) crc.getValue());
                        if (m.getLong(0) == 0) {
                            ctx.block("out").write(0, hex.getBytes(), 1);
                            ctx.console("tty").println("crc " + hex);
                            ctx.finish(true, "crc " + hex);
                        }
                        m.putLong(0, m.getLong(0) + 1);
                        next = 0;
                        crc = new CRC32C();
                    }
                    readNext(ctx);
                }
                case DeviceEvent.Tick t -> {
                    m.putLong(8, m.getLong(8) + 1);
                    m.putLong(16, t.tick());
                }
                default -> {
                }
            }
        }
    }

    private static final AppRegistry APPS = AppRegistry.of(AppDescriptor.of("reader", "reads a block device", p -> new Reader()));

    private byte[] input;

    private SystemSpec spec() throws IOException {
        input = new byte[10 * PAGE + 123];
        new Random(7).nextBytes(input);
        Files.write(dir.resolve("in.bin"), input);
        return new SystemSpec(new ChipSpec(2, 16L << 20, PAGE),
                List.of(new SandboxSpec("reader", 0, 1L << 20, null, "reader", Map.of(), null, List.of("in", "out", "tty", "clock"))),
                List.of(), DetectionSpec.DEFAULT, new RecoverySpec(Scheme.RESTART, 10, Duration.ofSeconds(10)),
                List.of(new DeviceSpec.Block("in", dir.resolve("in.bin"), 0), new DeviceSpec.Block("out", dir.resolve("out.bin"), PAGE),
                        new DeviceSpec.Console("tty"), new DeviceSpec.Timer("clock", Duration.ofMillis(1))));
    }

    private <E extends Event> E awaitEvent(Class<E> type, Predicate<E> match) {
        return await().atMost(PATIENCE).until(() -> monitor.events().all(type).stream().filter(match).findFirst(),
                Optional::isPresent).orElseThrow();
    }

    private long memoryLong(int at) {
        return monitor.sandbox("reader").appMemory().get(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED, at);
    }

    @Test
    void aBlockDeviceIsReadPageByPageAndTheConsoleAndTheOutputDeviceCarryTheResult() throws IOException {
        monitor = Monitor.boot(spec(), APPS);
        CRC32C direct = new CRC32C();
        direct.update(input);
        String hex = Integer.toHexString((int) direct.getValue());

        MonitorEvent.JobFinished done = awaitEvent(MonitorEvent.JobFinished.class, e -> true);
        assertEquals("crc " + hex, done.summary());
        awaitEvent(DeviceActivity.ConsoleLine.class, l -> l.line().equals("crc " + hex) && l.sandbox().equals("reader"));
        await().atMost(PATIENCE).until(() -> new String(Files.readAllBytes(dir.resolve("out.bin"))).startsWith(hex));
        await().atMost(PATIENCE).until(() -> memoryLong(8) > 10); // the timer ticks
    }

    enum DeviceFault {
        BLOCK_STOP(Detection.DRIVER_TIMEOUT), BLOCK_ERROR(Detection.DEVICE_ERROR), BLOCK_CORRUPT(Detection.CHECKSUM),
        TIMER_STOP(Detection.DRIVER_TIMEOUT), TIMER_ERROR(Detection.DEVICE_ERROR), DRIVER_BUG(Detection.TRAP);

        final Detection detection;

        DeviceFault(Detection detection) {
            this.detection = detection;
        }
    }

    @ParameterizedTest
    @EnumSource(DeviceFault.class)
    void aFailingDeviceIsDetectedAsItsKindAndTheRestartedOwnerGetsItBackReset(DeviceFault fault) throws IOException {
        monitor = Monitor.boot(spec(), APPS);
        await().atMost(PATIENCE).until(() -> monitor.sandbox("reader").isServing() && memoryLong(0) >= 1 && memoryLong(8) > 5);
        long ticksBefore = memoryLong(16);
        switch (fault) {
            case BLOCK_STOP -> monitor.injector().inject(monitor.device("in"), new Fault.DeviceFailure(Fault.DeviceMode.STOP));
            case BLOCK_ERROR -> monitor.injector().inject(monitor.device("in"), new Fault.DeviceFailure(Fault.DeviceMode.ERROR));
            case BLOCK_CORRUPT -> monitor.injector().inject(monitor.device("in"), new Fault.DeviceFailure(Fault.DeviceMode.CORRUPT));
            case TIMER_STOP -> monitor.injector().inject(monitor.device("clock"), new Fault.DeviceFailure(Fault.DeviceMode.STOP));
            case TIMER_ERROR -> monitor.injector().inject(monitor.device("clock"), new Fault.DeviceFailure(Fault.DeviceMode.ERROR));
            case DRIVER_BUG -> monitor.injector().inject(monitor.sandbox("reader"), new Fault.DriverBug(false));
        }
        MonitorEvent.FaultDetected detected = awaitEvent(MonitorEvent.FaultDetected.class, e -> e.sandbox().equals("reader"));
        assertEquals(fault.detection, detected.detection(), detected.cause());
        awaitEvent(MonitorEvent.Serving.class, e -> e.sandbox().equals("reader") && e.incarnation() == 2);
        awaitEvent(DeviceActivity.Attached.class, a -> a.device().equals("in") && a.incarnation() == 2);
        // The new incarnation reads the whole device again (the failure was cleared by the attach) ...
        await().atMost(PATIENCE).until(() -> memoryLong(0) >= 1);
        // ... and the timer goes on from where it was, not from tick 1.
        await().atMost(PATIENCE).until(() -> memoryLong(16) > ticksBefore);
    }

    @Test
    void aDeviceGivenToTwoSandboxesOrUnknownIsRefusedWhereItIsNamed() throws IOException {
        SystemSpec one = spec();
        SystemSpec two = new SystemSpec(new ChipSpec(2, 16L << 20, PAGE),
                List.of(one.sandboxes().getFirst(),
                        new SandboxSpec("thief", 1, 1L << 20, null, "reader", Map.of(), null, List.of("in", "disk9"))),
                List.of(), DetectionSpec.DEFAULT, RecoverySpec.DEFAULT, one.devices());
        List<SpecProblem> problems = SpecValidator.validate(two, APPS).stream().filter(SpecProblem::isError).toList();
        assertEquals(List.of(
                        "sandboxes[1].devices[0]: device 'in' is already owned by sandbox 'reader': a device belongs to exactly one sandbox",
                        "sandboxes[1].devices[1]: unknown device 'disk9' (devices: in, out, tty, clock)"),
                problems.stream().map(SpecProblem::toString).sorted().toList());
    }
}
