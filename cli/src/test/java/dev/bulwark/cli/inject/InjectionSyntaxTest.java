package dev.bulwark.cli.inject;

import dev.bulwark.hw.device.DeviceKind;
import dev.bulwark.hw.fault.Fault;
import dev.bulwark.hw.fault.FaultInjector;
import dev.bulwark.hw.fault.FaultKind;
import dev.bulwark.hw.fault.MemoryArea;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class InjectionSyntaxTest {
    /** A chip like examples/control.yaml's and kv.yaml's together: a timer, a NIC and a console, three sandboxes, two channels. */
    static final ChipTargets CHIP = new ChipTargets(List.of("front", "kv-0", "ctl"), Set.of("front", "ctl"),
            devices(Map.entry("net", DeviceKind.NIC), Map.entry("clock", DeviceKind.TIMER), Map.entry("tty", DeviceKind.CONSOLE)), 6,
            List.of("front->kv-0", "kv-0->front"));
    /** Two sandboxes, no devices, no channels. */
    static final ChipTargets BARE = new ChipTargets(List.of("a", "b"), Set.of(), Map.of(), 2, List.of());

    @SafeVarargs
    private static Map<String, DeviceKind> devices(Map.Entry<String, DeviceKind>... entries) {
        Map<String, DeviceKind> devices = new LinkedHashMap<>();
        for (Map.Entry<String, DeviceKind> e : entries) {
            devices.put(e.getKey(), e.getValue());
        }
        return devices;
    }

    private static Injection parse(String typed) {
        return InjectionSyntax.parse(typed, CHIP);
    }

    private static FaultParameters only(Fault.Site site) {
        return new FaultParameters(site, null, null, null, null, null, null);
    }

    @Test
    void everyKindWithATargetReadsWithItsParametersLeftToTheSeed() {
        Map<String, Injection> cases = new LinkedHashMap<>();
        Duration two = Duration.ofSeconds(2);
        cases.put("kernel-panic sandbox=kv-0 after=2s", new Injection("", FaultKind.KERNEL_PANIC,
                new InjectionTarget.SandboxTarget("kv-0"), FaultParameters.NONE, List.of("site"), two));
        cases.put("panic sandbox=kv-0 after=2s", new Injection("", FaultKind.KERNEL_PANIC,
                new InjectionTarget.SandboxTarget("kv-0"), FaultParameters.NONE, List.of("site"), two));
        cases.put("hang sandbox=front after=2s", new Injection("", FaultKind.HANG,
                new InjectionTarget.SandboxTarget("front"), FaultParameters.NONE, List.of(), two));
        cases.put("bit-flip sandbox=kv-0 after=2s", new Injection("", FaultKind.BIT_FLIP,
                new InjectionTarget.SandboxTarget("kv-0"), FaultParameters.NONE, List.of("area", "offset", "bit"), two));
        cases.put("wild-write sandbox=kv-0 after=2s", new Injection("", FaultKind.WILD_WRITE,
                new InjectionTarget.SandboxTarget("kv-0"), FaultParameters.NONE, List.of("distance"), two));
        cases.put("core-fail-stop core=5 after=2s", new Injection("", FaultKind.CORE_FAIL_STOP,
                new InjectionTarget.CoreTarget(5), FaultParameters.NONE, List.of(), two));
        cases.put("device-failure device=clock after=2s", new Injection("", FaultKind.DEVICE_FAILURE,
                new InjectionTarget.DeviceTarget("clock"), FaultParameters.NONE, List.of("mode"), two));
        cases.put("driver-bug sandbox=ctl after=2s", new Injection("", FaultKind.DRIVER_BUG,
                new InjectionTarget.SandboxTarget("ctl"), FaultParameters.NONE, List.of("hangs"), two));
        cases.put("message-corruption channel=kv-0->front after=2s", new Injection("", FaultKind.MESSAGE_CORRUPTION,
                new InjectionTarget.ChannelTarget("kv-0->front"), FaultParameters.NONE, List.of("bit"), two));
        cases.forEach((typed, expected) -> assertEquals(
                new Injection(typed, expected.kind(), expected.target(), expected.parameters(), expected.drawn(), expected.after()),
                parse(typed), typed));
    }

    @Test
    void everyParameterReadsWhenGivenInAnyOrder() {
        assertEquals(only(Fault.Site.KERNEL), parse("kernel-panic site=kernel sandbox=kv-0 after=0s").parameters());
        assertEquals(only(Fault.Site.APP), parse("panic after=1ms sandbox=kv-0 site=app").parameters());
        Injection flip = parse("bit-flip sandbox=kv-0 area=app offset=4096 bit=7 after=1.5s");
        assertEquals(new FaultParameters(null, MemoryArea.APP_DATA, 4096L, 7, null, null, null), flip.parameters());
        assertEquals(List.of(), flip.drawn());
        assertEquals(Duration.ofMillis(1500), flip.after());
        assertEquals(new FaultParameters(null, MemoryArea.KERNEL_DATA, null, 0, null, null, null),
                parse("bit-flip sandbox=kv-0 area=kernel bit=0 after=1s").parameters());
        assertEquals(List.of("offset"), parse("bit-flip sandbox=kv-0 area=kernel bit=0 after=1s").drawn());
        assertEquals(new FaultParameters(null, null, null, null, 0L, null, null),
                parse("wild-write sandbox=kv-0 distance=0 after=1s").parameters());
        for (Fault.DeviceMode mode : Fault.DeviceMode.values()) {
            assertEquals(new FaultParameters(null, null, null, null, null, mode, null),
                    parse("device-failure device=net mode=" + mode.name().toLowerCase() + " after=1s").parameters());
        }
        assertEquals(new FaultParameters(null, null, null, null, null, null, true),
                parse("driver-bug sandbox=front hangs=true after=1s").parameters());
        assertEquals(new FaultParameters(null, null, null, null, null, null, false),
                parse("driver-bug sandbox=front hangs=false after=1s").parameters());
        assertEquals(new InjectionTarget.CoreTarget(0), parse("  core-fail-stop   core=0\tafter=3s ").target());
        assertEquals(new FaultParameters(null, null, null, 65_535, null, null, null),
                parse("message-corruption bit=65535 channel=front->kv-0 after=1s").parameters());
    }

    @Test
    void aFaultsWordsReadBackAsTheSameFault() {
        List<Fault> faults = List.of(new Fault.KernelPanic(Fault.Site.APP), new Fault.KernelPanic(Fault.Site.KERNEL), new Fault.Hang(),
                new Fault.BitFlip(MemoryArea.KERNEL_DATA, 3, 1), new Fault.BitFlip(MemoryArea.APP_DATA, 812, 5),
                new Fault.WildWrite(64), new Fault.DeviceFailure(Fault.DeviceMode.CORRUPT), new Fault.DriverBug(true),
                new Fault.MessageCorruption(9));
        for (Fault fault : faults) {
            String target = switch (fault.kind()) {
                case DEVICE_FAILURE -> "device=net";
                case DRIVER_BUG -> "sandbox=front";
                case MESSAGE_CORRUPTION -> "channel=front->kv-0";
                default -> "sandbox=kv-0";
            };
            String words = InjectionSyntax.words(fault);
            Injection read = parse(words + " " + target + " after=1s");
            assertEquals(fault, read.parameters().complete(read.kind(), new FaultInjector(1, null), null), words);
        }
        assertEquals("core-fail-stop", InjectionSyntax.words(new Fault.CoreFailStop()));
        assertEquals("message-corruption bit=9", InjectionSyntax.words(new Fault.MessageCorruption(9)));
        assertEquals("monitor-fault", InjectionSyntax.words(new Fault.MonitorFault()));
    }

    @Test
    void injectionsFireInTheOrderOfTheirTimesThoseAtOneTimeInTheOrderGiven() {
        List<Injection> read = InjectionSyntax.parse(List.of("hang sandbox=kv-0 after=2s", "panic sandbox=front after=1s",
                "hang sandbox=front after=2s", "core-fail-stop core=1 after=0s"), CHIP, Duration.ofSeconds(3));
        assertEquals(List.of("core-fail-stop core=1 after=0s", "panic sandbox=front after=1s", "hang sandbox=kv-0 after=2s",
                "hang sandbox=front after=2s"), read.stream().map(Injection::typed).toList());
        assertEquals(2, InjectionSyntax.parse(List.of("hang sandbox=kv-0 after=60m", "panic sandbox=kv-0 after=0s"), CHIP, null).size(),
                "without --duration any time will do");
    }

    @Test
    void eachMistakeIsNamedWithTheValueAsTyped() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("", "write a fault kind, its target and when, e.g. 'kernel-panic sandbox=NAME after=2s'");
        cases.put("   ", "write a fault kind, its target and when, e.g. 'kernel-panic sandbox=NAME after=2s'");
        cases.put("kernal-panic sandbox=kv-0 after=1s", "unknown fault kind 'kernal-panic' (kinds: kernel-panic (panic), hang, "
                + "bit-flip, wild-write, core-fail-stop, device-failure, driver-bug, message-corruption, monitor-fault)");
        cases.put("KERNEL_PANIC sandbox=kv-0 after=1s", "unknown fault kind 'KERNEL_PANIC' (kinds: kernel-panic (panic), hang, "
                + "bit-flip, wild-write, core-fail-stop, device-failure, driver-bug, message-corruption, monitor-fault)");
        cases.put("message-corruption after=1s",
                "message-corruption needs channel=FROM->TO (channels that take message-corruption: front->kv-0, kv-0->front)");
        cases.put("message-corruption channel=kv-0 after=1s",
                "no channel named 'kv-0' (channels that take message-corruption: front->kv-0, kv-0->front)");
        cases.put("message-corruption channel=front->kv-0 bit=65536 after=1s", "bit must be a whole number from 0 to 65535, not '65536'");
        cases.put("message-corruption sandbox=kv-0 after=1s", "message-corruption takes no key 'sandbox' (it takes: channel, bit, after)");
        cases.put("monitor-fault", "no target on this chip takes monitor-fault yet: nothing in Bulwark accepts it so far");
        cases.put("panic sandbox after=1s", "'sandbox' is not key=value");
        cases.put("panic sandbox= after=1s", "'sandbox=' is not key=value");
        cases.put("panic =kv-0 after=1s", "'=kv-0' is not key=value");
        cases.put("panic sandbox=kv-0 sandbox=front after=1s", "key 'sandbox' is given twice");
        cases.put("panic sandbox=kv-0 area=app after=1s", "kernel-panic takes no key 'area' (it takes: sandbox, site, after)");
        cases.put("hang core=1 after=1s", "hang takes no key 'core' (it takes: sandbox, after)");
        cases.put("panic after=1s", "kernel-panic needs sandbox=NAME (sandboxes that take kernel-panic: front, kv-0, ctl)");
        cases.put("panic sandbox=kv-9 after=1s", "no sandbox named 'kv-9' (sandboxes that take kernel-panic: front, kv-0, ctl)");
        cases.put("driver-bug sandbox=kv-0 after=1s",
                "sandbox 'kv-0' owns no device, so it has no driver to fail (sandboxes that take driver-bug: front, ctl)");
        cases.put("core-fail-stop after=1s", "core-fail-stop needs core=N (the chip's cores are 0 to 5)");
        cases.put("core-fail-stop core=6 after=1s", "core must be a whole number from 0 to 5, not '6'");
        cases.put("core-fail-stop core=two after=1s", "core must be a whole number from 0 to 5, not 'two'");
        cases.put("device-failure after=1s", "device-failure needs device=NAME (devices that take device-failure: net, clock)");
        cases.put("device-failure device=disk after=1s", "no device named 'disk' (devices that take device-failure: net, clock)");
        cases.put("device-failure device=tty after=1s",
                "device 'tty' is a console, which cannot fail (devices that take device-failure: net, clock)");
        cases.put("device-failure device=clock mode=corrupt after=1s", "a timer cannot fail in mode corrupt (it can: stop, error)");
        cases.put("device-failure device=net mode=broken after=1s", "mode must be stop, error or corrupt, not 'broken'");
        cases.put("panic sandbox=kv-0 site=user after=1s", "site must be kernel or app, not 'user'");
        cases.put("bit-flip sandbox=kv-0 area=heap after=1s", "area must be kernel or app, not 'heap'");
        cases.put("bit-flip sandbox=kv-0 offset=3 after=1s", "offset needs area=kernel or area=app: an offset is counted within one area");
        cases.put("bit-flip sandbox=kv-0 area=app offset=-3 after=1s", "offset must be a whole number of at least 0, not '-3'");
        cases.put("bit-flip sandbox=kv-0 area=app bit=8 after=1s", "bit must be a whole number from 0 to 7, not '8'");
        cases.put("wild-write sandbox=kv-0 distance=far after=1s", "distance must be a whole number from 0 to 1099511627776, not 'far'");
        cases.put("driver-bug sandbox=front hangs=yes after=1s", "hangs must be true or false, not 'yes'");
        cases.put("panic sandbox=kv-0", "after=TIME is missing: when to inject, counted from the moment every sandbox serves (after=2s)");
        cases.put("panic sandbox=kv-0 after=soon",
                "after: invalid duration 'soon': write a number with unit ns, us, ms, s or m (250ms, 1.5s)");
        cases.put("panic sandbox=kv-0 after=2", "after: duration '2' has no unit (use ns, us, ms, s or m)");
        cases.put("panic sandbox=kv-0 after=-1s",
                "after: invalid duration '-1s': write a number with unit ns, us, ms, s or m (250ms, 1.5s)");
        cases.forEach((typed, problem) -> {
            BadInjection e = assertThrows(BadInjection.class, () -> parse(typed), typed);
            assertEquals("invalid injection '" + typed + "': " + problem, e.getMessage(), typed);
            assertEquals(typed, e.typed());
        });
    }

    @Test
    void aKindNoTargetOfThisChipTakesIsRefusedWhateverItsKeys() {
        assertEquals("invalid injection 'device-failure device=net after=1s': no target on this chip takes device-failure: "
                + "it has no devices", assertThrows(BadInjection.class,
                () -> InjectionSyntax.parse("device-failure device=net after=1s", BARE)).getMessage());
        ChipTargets consoleOnly = new ChipTargets(List.of("a"), Set.of("a"), Map.of("tty", DeviceKind.CONSOLE), 1, List.of());
        assertEquals("invalid injection 'device-failure device=tty after=1s': no target on this chip takes device-failure: "
                + "it has no device that can fail (a console cannot)", assertThrows(BadInjection.class,
                () -> InjectionSyntax.parse("device-failure device=tty after=1s", consoleOnly)).getMessage());
        assertEquals("invalid injection 'driver-bug sandbox=a': no target on this chip takes driver-bug: no sandbox owns a "
                + "device, so none has a driver", assertThrows(BadInjection.class,
                () -> InjectionSyntax.parse("driver-bug sandbox=a", BARE)).getMessage());
        assertEquals("invalid injection 'message-corruption channel=a->b after=1s': no target on this chip takes "
                + "message-corruption: it has no channels", assertThrows(BadInjection.class,
                () -> InjectionSyntax.parse("message-corruption channel=a->b after=1s", BARE)).getMessage());
    }

    @Test
    void anInjectionMustComeBeforeTheEndOfTheRun() {
        Duration run = Duration.ofSeconds(3);
        assertEquals(1, InjectionSyntax.parse(List.of("hang sandbox=a after=2999ms"), BARE, run).size());
        for (String after : List.of("3s", "3000ms", "1m")) {
            String typed = "hang sandbox=a after=" + after;
            BadInjection e = assertThrows(BadInjection.class, () -> InjectionSyntax.parse(List.of("hang sandbox=b after=1s", typed), BARE, run));
            assertEquals("invalid injection '" + typed + "': after=" + (after.equals("1m") ? "1m" : "3s") + " is not before the end of "
                    + "the run (--duration 3s): give a longer --duration or an earlier after", e.getMessage());
        }
    }
}
