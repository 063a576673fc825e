package dev.bulwark.cli.inject;

import dev.bulwark.apps.StandardApps;
import dev.bulwark.cli.config.ConfigLoader;
import dev.bulwark.hw.device.Device;
import dev.bulwark.hw.device.DeviceKind;
import dev.bulwark.hw.fault.FaultKind;
import dev.bulwark.monitor.Monitor;
import dev.bulwark.monitor.Sandbox;
import dev.bulwark.monitor.spec.SystemSpec;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChipTargetsTest {
    /** Three cores, one idle; a owns a console and a timer, b owns nothing. */
    static final String CHIP = """
            chip: {cores: 3, memory: 8MiB}
            devices:
              - {name: tty, kind: console}
              - {name: clock, kind: timer, period: 10ms}
            sandboxes:
              - {name: a, core: 0, memory: 1MiB, app: counter, devices: [tty, clock]}
              - {name: b, core: 1, memory: 1MiB, app: counter}
            channels:
              - {from: a, to: b}
            """;

    static SystemSpec spec(String yaml) throws Exception {
        return ConfigLoader.load("chip.yaml", new StringReader(yaml), StandardApps.registry()).spec();
    }

    @Test
    void theTargetsAreReadFromTheSpec() throws Exception {
        ChipTargets chip = ChipTargets.of(spec(CHIP));
        assertEquals(new ChipTargets(List.of("a", "b"), Set.of("a"), Map.of("tty", DeviceKind.CONSOLE, "clock", DeviceKind.TIMER), 3,
                List.of("a->b")), chip);
        assertEquals(List.of("tty", "clock"), List.copyOf(chip.devices().keySet()), "in config order");
        assertEquals(List.of("clock"), chip.failingDevices());
        for (FaultKind kind : FaultKind.values()) {
            assertEquals(kind != FaultKind.MONITOR_FAULT, chip.anyTakes(kind), kind.toString());
        }
        assertEquals(Set.of(), chip.takenBySandbox("nobody"));
        assertEquals(Set.of(), chip.takenByDevice("nothing"));
        assertEquals(Set.of(), chip.takenByCore(3));
        assertEquals(Set.of(), chip.takenByChannel("b->a"));
    }

    @Test
    void aChipWithoutDevicesHasNoTargetForDeviceFailuresOrDriverBugs() throws Exception {
        ChipTargets chip = ChipTargets.of(spec("""
                chip: {cores: 2, memory: 8MiB}
                sandboxes:
                  - {name: a, core: 0, memory: 1MiB, app: counter}
                """));
        assertTrue(chip.devices().isEmpty(), chip.toString());
        assertFalse(chip.anyTakes(FaultKind.DEVICE_FAILURE));
        assertFalse(chip.anyTakes(FaultKind.DRIVER_BUG));
        assertTrue(chip.anyTakes(FaultKind.CORE_FAIL_STOP));
    }

    @Test
    void aRedundantSandboxsFaultsGoIntoItsCopies() throws Exception {
        ChipTargets chip = ChipTargets.of(spec("""
                chip: {cores: 4, memory: 16MiB}
                sandboxes:
                  - {name: a, core: 0, memory: 1MiB, app: counter}
                  - name: b
                    core: 1
                    memory: 1MiB
                    app: counter
                    recovery: {schemes: [redundant, restart], redundant: {copies: 3, cores: [1, 2, 3]}}
                """));
        assertEquals(List.of("a", "b.1", "b.2", "b.3"), chip.sandboxes());
        assertTrue(chip.takenBySandbox("b.2").contains(FaultKind.BIT_FLIP));
        assertEquals(Set.of(), chip.takenBySandbox("b"), "the sandbox itself runs nowhere: its copies do");
    }

    /** What the spec says each target takes is what the booted chip's targets say they accept. */
    @Test
    void whatEachTargetTakesIsWhatTheBootedChipAccepts() throws Exception {
        SystemSpec spec = spec(CHIP);
        ChipTargets chip = ChipTargets.of(spec);
        try (Monitor monitor = Monitor.boot(spec, StandardApps.registry())) {
            for (Sandbox s : monitor.sandboxes()) {
                assertEquals(s.acceptedFaults(), chip.takenBySandbox(s.name()), s.name());
            }
            for (Device d : monitor.devices()) {
                assertEquals(d.acceptedFaults(), chip.takenByDevice(d.name()), d.name());
            }
            for (int core = 0; core < spec.chip().cores(); core++) {
                assertEquals(monitor.core(core).acceptedFaults(), chip.takenByCore(core), "core " + core);
            }
            for (var c : monitor.channels()) {
                assertEquals(c.corrupter().acceptedFaults(), chip.takenByChannel(c.name()), c.name());
            }
        }
        assertEquals(EnumSet.of(FaultKind.KERNEL_PANIC, FaultKind.HANG, FaultKind.BIT_FLIP, FaultKind.WILD_WRITE, FaultKind.DRIVER_BUG),
                chip.takenBySandbox("a"));
    }
}
