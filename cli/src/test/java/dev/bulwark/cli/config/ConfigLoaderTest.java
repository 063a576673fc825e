package dev.bulwark.cli.config;

import dev.bulwark.monitor.policy.Backoff;
import dev.bulwark.monitor.policy.Rollback;
import dev.bulwark.monitor.policy.Scheme;
import dev.bulwark.monitor.policy.Standby;
import dev.bulwark.monitor.policy.Strategy;
import dev.bulwark.monitor.spec.ChannelSpec;
import dev.bulwark.monitor.spec.ChipSpec;
import dev.bulwark.monitor.spec.DetectionSpec;
import dev.bulwark.monitor.spec.DeviceSpec;
import dev.bulwark.monitor.spec.GroupSpec;
import dev.bulwark.monitor.spec.IdleMode;
import dev.bulwark.monitor.spec.RecoverySpec;
import dev.bulwark.monitor.spec.SystemSpec;
import dev.bulwark.sandbox.app.App;
import dev.bulwark.apps.StandardApps;
import dev.bulwark.hw.core.CpuAffinity;
import dev.bulwark.sandbox.app.AppDescriptor;
import dev.bulwark.sandbox.app.AppParam;
import dev.bulwark.sandbox.app.AppRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class ConfigLoaderTest {
    private static final App IDLE = ctx -> {
    };
    /**
     * {@code echo} takes no parameters; {@code needs-x} needs {@code x}, takes {@code flag} and {@code word},
     * and also the 5000 keys
     * {@code k00...0} to {@code k00...4999} that ConfigInputTest's alias tests share among sandboxes.
     */
    static final AppRegistry APPS = AppRegistry.of(
            AppDescriptor.of("echo", "Does nothing.", params -> IDLE),
            AppDescriptor.of("needs-x", "Needs x.", params -> IDLE).withParams(Stream.concat(
                    Stream.of(AppParam.required("x", AppParam.Kind.TEXT, "anything"),
                            AppParam.optional("flag", AppParam.Kind.FLAG, "a flag"), AppParam.optional("word", AppParam.Kind.TEXT, "a word")),
                    IntStream.range(0, 5000).mapToObj(i -> AppParam.optional("k%053d".formatted(i), AppParam.Kind.TEXT, "")))
                    .toArray(AppParam[]::new)));

    static final String MINIMAL = """
            chip:
              cores: 2
              memory: 4MiB
            sandboxes:
              - name: a
                core: 0
                memory: 1MiB
                app: echo
            """;

    private static SystemSpec load(String yaml) throws ConfigException {
        return ConfigLoader.load("test.yaml", new StringReader(yaml), APPS).spec();
    }

    private static List<ConfigProblem> problems(String yaml) {
        return assertThrows(ConfigException.class, () -> load(yaml)).problems();
    }

    /** Asserts there is a problem at {@code line}:{@code column} with {@code path} whose message contains {@code fragment}. */
    private static void assertProblem(List<ConfigProblem> problems, int line, int column, String path,
                                      String fragment) {
        for (var p : problems) {
            if (p.line() == line && p.column() == column && p.path().equals(path) && p.message().contains(fragment)) {
                return;
            }
        }
        fail("no problem %d:%d %s containing '%s' in %s".formatted(line, column, path, fragment, problems));
    }

    private static void assertOnlyProblem(String yaml, int line, int column, String path, String fragment) {
        var problems = problems(yaml);
        assertEquals(1, problems.size(), problems::toString);
        assertProblem(problems, line, column, path, fragment);
    }

    @Test
    void fullConfigLoadsWithValuesAndDefaults() throws ConfigException {
        var spec = load("""
                chip:
                  cores: 4
                  memory: 64MiB
                  pageSize: 8KiB
                sandboxes:
                  - name: a
                    core: 0
                    memory: 1MiB
                    app: echo
                  - name: b
                    core: 1
                    memory: 0x200000
                    base: 0x400000
                    app: needs-x
                    params: {x: 12, flag: true, word: hello}
                    recovery: {maxRestarts: 7}
                channels:
                  - {from: a, to: b, capacity: 16}
                  - {from: b, to: a}
                detection:
                  heartbeatTimeout: 250ms
                recovery:
                  within: 1.5s
                """);
        assertEquals(new ChipSpec(4, 64L << 20, 8192), spec.chip());
        var a = spec.sandboxes().get(0);
        assertEquals("a", a.name());
        assertEquals(1L << 20, a.memoryBytes());
        assertNull(a.base());
        assertEquals(Map.of(), a.params());
        assertNull(a.recovery(), "no recovery section: the system default applies");
        var b = spec.sandboxes().get(1);
        assertEquals(1, b.core());
        assertEquals(0x200000L, b.memoryBytes());
        assertEquals(0x400000L, b.base());
        assertEquals(Map.of("x", "12", "flag", "true", "word", "hello"), b.params());
        assertEquals(new RecoverySpec(Scheme.RESTART, 7, Duration.ofMillis(1500)), b.recovery(),
                "unset keys come from the top-level recovery");
        assertEquals(List.of(new ChannelSpec("a", "b", 16), new ChannelSpec("b", "a", ChannelSpec.DEFAULT_CAPACITY)),
                spec.channels());
        assertEquals(new DetectionSpec(Duration.ofMillis(250), DetectionSpec.DEFAULT.scrubPeriod()), spec.detection());
        assertEquals(new RecoverySpec(Scheme.RESTART, RecoverySpec.DEFAULT.maxRestarts(), Duration.ofMillis(1500)),
                spec.recovery());
    }

    @Test
    void minimalConfigGetsAllDefaults() throws ConfigException {
        var spec = load(MINIMAL);
        assertEquals(ChipSpec.DEFAULT_PAGE_BYTES, spec.chip().pageBytes());
        assertEquals(List.of(), spec.channels());
        assertEquals(DetectionSpec.DEFAULT, spec.detection());
        assertEquals(RecoverySpec.DEFAULT, spec.recovery());
    }

    @Test
    void driverTimeoutIsReadOrDerivedFromTheHeartbeat() throws ConfigException {
        assertEquals(Duration.ofMillis(40), load(MINIMAL + "detection: {heartbeatTimeout: 10ms, driverTimeout: 40ms}\n")
                .detection().driverTimeout());
        assertEquals(Duration.ofMillis(500), load(MINIMAL + "detection: {heartbeatTimeout: 10ms}\n").detection().driverTimeout(),
                "five heartbeats, at least 500 ms");
        assertEquals(Duration.ofSeconds(1), load(MINIMAL + "detection: {heartbeatTimeout: 200ms}\n").detection().driverTimeout());
    }

    @Test
    void unknownTopLevelKeyIsPositionedAtTheKey() {
        assertOnlyProblem(MINIMAL + "chips: 3\n", 9, 1, "",
                "unknown key 'chips' (expected one of: chip, devices, sandboxes, channels, groups, detection, recovery)");
    }

    @Test
    void unknownNestedKeyIsPositionedAtTheKey() {
        assertOnlyProblem(MINIMAL.replace("    app: echo", "    app: echo\n    cpu: 1"), 9, 5, "sandboxes[0]",
                "unknown key 'cpu' (expected one of: name, core, memory, base, app, params, recovery, devices)");
        assertOnlyProblem(MINIMAL + "detection: {heartbeat: 1s}\n", 9, 13, "detection",
                "unknown key 'heartbeat' (expected one of: heartbeatTimeout, scrubPeriod, driverTimeout)");
    }

    private static final String WITH_DEVICES = """
            chip:
              cores: 2
              memory: 16MiB
            devices:
              - {name: net, kind: nic, port: 0}
              - {name: tick, kind: timer, period: 1ms}
            sandboxes:
              - name: a
                core: 0
                memory: 1MiB
                app: echo
                devices: [net, tick]
            """;

    @Test
    void devicesLoadWithTheirSettingsAndOwners() throws ConfigException {
        var spec = load(WITH_DEVICES);
        assertEquals(List.of(new DeviceSpec.Nic("net", "127.0.0.1", 0, "resp"), new DeviceSpec.Timer("tick", Duration.ofMillis(1))),
                spec.devices());
        assertEquals(List.of("net", "tick"), spec.sandboxes().getFirst().devices());
    }

    @Test
    void anUnknownDeviceKindIsRefusedAtItsValue() {
        assertOnlyProblem(WITH_DEVICES.replace("kind: timer", "kind: gpu"), 6, 24, "devices[1].kind",
                "unknown device kind 'gpu' (available: console, timer, nic, block)");
    }

    @Test
    void aSettingOfAnotherKindOfDeviceIsRefusedAtIt() {
        assertOnlyProblem(WITH_DEVICES.replace("period: 1ms", "period: 1ms, port: 9"), 6, 50, "devices[1].port",
                "'port' is not a setting of a timer device (it takes: name, kind, period)");
    }

    @Test
    void aDeviceOwnedTwiceIsRefusedAtTheSecondOwner() {
        assertOnlyProblem(WITH_DEVICES + """
                  - name: b
                    core: 1
                    memory: 1MiB
                    app: echo
                    devices: [tick]
                """, 17, 15, "sandboxes[1].devices[0]",
                "device 'tick' is already owned by sandbox 'a': a device belongs to exactly one sandbox");
    }

    @Test
    void sandboxOnACoreThatDoesNotExist() {
        assertOnlyProblem(MINIMAL.replace("core: 0", "core: 7"), 6, 11, "sandboxes[0].core",
                "core 7 does not exist (the chip has 2 cores: 0-1)");
    }

    @Test
    void overlappingExplicitPartitions() {
        var problems = problems("""
                chip: {cores: 2, memory: 4MiB}
                sandboxes:
                  - {name: a, core: 0, memory: 1MiB, base: 0x100000, app: echo}
                  - {name: b, core: 1, memory: 1MiB, base: 0x180000, app: echo}
                """);
        assertEquals(1, problems.size(), problems::toString);
        assertProblem(problems, 4, 44, "sandboxes[1].base",
                "partition of 'b' [0x180000, 0x280000) overlaps partition of 'a' [0x100000, 0x200000)");
    }

    @Test
    void channelToAnUnknownSandbox() {
        assertOnlyProblem(MINIMAL + "channels:\n  - {from: a, to: ghost}\n", 10, 19, "channels[0].to",
                "unknown sandbox 'ghost' (sandboxes: a)");
    }

    @Test
    void badSizeAndDurationSyntax() {
        var problems = problems(MINIMAL.replace("memory: 4MiB", "memory: 4MB")
                + "recovery:\n  within: 10 seconds\n");
        assertEquals(2, problems.size(), problems::toString);
        assertProblem(problems, 3, 11, "chip.memory", "ambiguous");
        assertProblem(problems, 10, 11, "recovery.within", "unknown unit 'seconds' in duration '10 seconds'");
    }

    @Test
    void wrongTypes() {
        var problems = problems(MINIMAL.replace("core: 0", "core: three") + "channels: {from: a}\n");
        assertEquals(2, problems.size(), problems::toString);
        assertProblem(problems, 6, 11, "sandboxes[0].core", "expected an integer, got 'three'");
        assertProblem(problems, 9, 11, "channels", "expected a list, got a map");
    }

    @Test
    void missingRequiredKeyIsPositionedAtTheParentMap() {
        assertOnlyProblem(MINIMAL.replace("    core: 0\n", ""), 5, 5, "sandboxes[0]", "missing required key 'core'");
    }

    @Test
    void unknownRecoveryScheme() {
        assertOnlyProblem(MINIMAL + "recovery: {scheme: migrate}\n", 9, 20, "recovery.scheme",
                "unknown scheme 'migrate' (available: restart, microreboot, rollback, standby, redundant)");
    }

    @Test
    void schemesWithSettingsTakeThemFromTheBlockOfTheirNameAndASandboxInheritsThemWithTheChain() throws ConfigException {
        var spec = load(GROUPED.replace("{name: c, core: 2, memory: 1MiB, app: echo}",
                "{name: c, core: 2, memory: 1MiB, app: echo, recovery: {schemes: [standby, rollback], standby: {core: 5}}}")
                + "recovery: {schemes: [rollback, restart], rollback: {epoch: 5ms}}\n");
        var rollback = new Rollback(Duration.ofMillis(5));
        assertEquals(List.of(rollback, Scheme.RESTART), spec.recoveryOf("a").schemes());
        assertEquals(List.of(new Standby(5, Standby.Mode.WARM), rollback), spec.recoveryOf("c").schemes(),
                "its own standby block, the top level's rollback settings");
    }

    @Test
    void aSchemeWithoutItsSettingsOrSettingsWithoutTheSchemeOrAnUnknownModeIsRefusedWhereItIsWritten() {
        assertOnlyProblem(MINIMAL + "recovery: {schemes: [rollback, restart]}\n", 9, 22, "recovery.schemes[0]",
                "scheme rollback needs its settings beside the chain: rollback: {epoch: 5ms}");
        assertOnlyProblem(MINIMAL + "recovery: {schemes: [restart], rollback: {epoch: 5ms}}\n", 9, 42, "recovery.rollback",
                "rollback settings are given but the chain does not name rollback (schemes: [restart])");
        assertOnlyProblem(MINIMAL + "recovery: {schemes: [standby], standby: {core: 1, mode: hot}}\n", 9, 57,
                "recovery.standby.mode", "unknown standby mode 'hot' (available: warm)");
        assertOnlyProblem(MINIMAL + "recovery: {schemes: [rollback], rollback: {}}\n", 9, 43, "recovery.rollback",
                "missing required key 'epoch'");
    }

    /** Three sandboxes on an 8-core chip with two spares; a and b in a group (line 10). */
    private static final String GROUPED = """
            chip:
              cores: 8
              memory: 16MiB
              spareCores: [6, 7]
            sandboxes:
              - {name: a, core: 0, memory: 1MiB, app: echo}
              - {name: b, core: 1, memory: 1MiB, app: echo}
              - {name: c, core: 2, memory: 1MiB, app: echo}
            groups:
              - {name: pair, members: [a, b], strategy: one_for_all}
            """;

    @Test
    void groupsSpareCoresAndChainsWithBackoffLoadAndLeftOutKeysComeFromTheTopLevelRecovery() throws ConfigException {
        var spec = load(GROUPED.replace("app: echo}\ngroups", "app: echo, recovery: {maxRestarts: 9}}\ngroups")
                .replace("strategy: one_for_all}", """
                        strategy: rest_for_one,
                         recovery: {schemes: [microreboot, restart], backoff: 10ms..1s}}""")
                + "recovery: {scheme: restart, within: 5s, backoff: 1ms..2ms}\n");
        assertEquals(List.of(6, 7), spec.chip().spareCores());
        var backoff = new Backoff(Duration.ofMillis(10), Duration.ofSeconds(1));
        assertEquals(List.of(new GroupSpec("pair", List.of("a", "b"), Strategy.REST_FOR_ONE,
                new RecoverySpec(List.of(Scheme.MICROREBOOT, Scheme.RESTART), 3, Duration.ofSeconds(5), backoff))), spec.groups());
        var top = new Backoff(Duration.ofMillis(1), Duration.ofMillis(2));
        assertEquals(new RecoverySpec(List.of(Scheme.RESTART), 9, Duration.ofSeconds(5), top), spec.sandboxes().get(2).recovery());
        assertEquals(new RecoverySpec(List.of(Scheme.RESTART), 3, Duration.ofSeconds(5), top), spec.recovery(),
                "scheme: a chain of one");
        assertEquals(Strategy.ONE_FOR_ONE, load(GROUPED.replace(", strategy: one_for_all", "")).groups().getFirst().strategy(),
                "OTP's default strategy");
        assertEquals(List.of(), load(MINIMAL).groups());
        assertEquals(List.of(), load(MINIMAL).chip().spareCores());
    }

    @Test
    void aChainOrItsBackoffThatIsWrongIsRefusedAtItsPosition() {
        assertOnlyProblem(GROUPED + "recovery: {schemes: [restart, reboot]}\n", 11, 31, "recovery.schemes[1]",
                "unknown scheme 'reboot' (available: restart, microreboot, rollback, standby, redundant)");
        assertOnlyProblem(GROUPED + "recovery: {scheme: restart, schemes: [restart]}\n", 11, 38, "recovery.schemes",
                "give either scheme (one) or schemes (a chain, first tried first), not both");
        assertOnlyProblem(GROUPED + "recovery: {schemes: []}\n", 11, 21, "recovery.schemes",
                "the chain of schemes is empty: name at least one (known: restart, microreboot, rollback, standby, redundant)");
        assertOnlyProblem(GROUPED + "recovery: {backoff: 10ms}\n", 11, 21, "recovery.backoff",
                "expected a backoff as MIN..MAX (10ms..1s), got '10ms'");
        assertOnlyProblem(GROUPED + "recovery: {backoff: 10ms..1 sec}\n", 11, 21, "recovery.backoff",
                "unknown unit 'sec' in duration '1 sec'");
        assertOnlyProblem(GROUPED + "recovery: {backoff: 2s..1s}\n", 11, 21, "recovery.backoff",
                "backoff minimum 2s is more than its maximum 1s");
    }

    @Test
    void aSpareCoreThatIsASandboxsCoreOrNotOnTheChipIsRefusedAtItsPosition() {
        assertOnlyProblem(GROUPED.replace("[6, 7]", "[6, 1]"), 4, 19, "chip.spareCores[1]",
                "spare core 1 is sandbox 'b''s core (sandboxes[1].core): a spare is a core no sandbox is configured on");
        assertOnlyProblem(GROUPED.replace("[6, 7]", "[6, 9]"), 4, 19, "chip.spareCores[1]",
                "spare core 9 does not exist (the chip has 8 cores: 0-7)");
    }

    @Test
    void aGroupThatIsWrongIsRefusedAtThePositionOfWhatIsWrong() {
        assertOnlyProblem(GROUPED + "  - {name: more, members: [c, b]}\n", 11, 31, "groups[1].members[1]",
                "sandbox 'b' is already a member of group 'pair' (groups[0]): a sandbox has one supervisor");
        assertOnlyProblem(GROUPED.replace("members: [a, b]", "members: [a, x]"), 10, 31, "groups[0].members[1]",
                "unknown sandbox 'x' (sandboxes: a, b, c)");
        assertOnlyProblem(GROUPED + "  - {name: pair, members: [c]}\n", 11, 12, "groups[1].name",
                "duplicate group name 'pair' (also groups[0])");
        assertOnlyProblem(GROUPED.replace("one_for_all", "one_for_every"), 10, 45, "groups[0].strategy",
                "unknown strategy 'one_for_every' (available: one_for_one, one_for_all, rest_for_one)");
        assertOnlyProblem(GROUPED + "  - {name: more, members: [c], restart: permanent}\n", 11, 32, "groups[1]",
                "unknown key 'restart' (expected one of: name, members, strategy, recovery)");
    }

    @Test
    void aGroupsMemberWithARecoveryOfItsOwnIsRefusedTheGroupsRecoveryApplies() {
        assertOnlyProblem(GROUPED.replace("memory: 1MiB, app: echo}\n  - {name: b", "memory: 1MiB, app: echo, recovery: {maxRestarts: 1}}\n  - {name: b"),
                6, 59, "sandboxes[0].recovery", "sandbox 'a' is a member of group 'pair', whose recovery applies to all its "
                        + "members: give it in the group's recovery, not the sandbox's");
    }

    @Test
    void appParamsAreCheckedPositionedAtTheParams() {
        assertOnlyProblem(MINIMAL.replace("app: echo", "app: echo\n    params: {y: 1}"), 9, 17,
                "sandboxes[0].params.y", "unknown parameter 'y': echo takes none");
        assertOnlyProblem(MINIMAL.replace("app: echo", "app: needs-x"), 5, 5,
                "sandboxes[0].params", "needs-x needs parameter 'x' (anything)");
    }

    @Test
    void yamlSyntaxError() {
        var problems = problems("chip:\n  cores: 4\n memory: [1\n");
        assertEquals(1, problems.size(), problems::toString);
        var p = problems.getFirst();
        assertTrue(p.message().startsWith("YAML syntax error: "), p::toString);
        assertEquals(3, p.line(), p::toString);
        assertTrue(p.toString().startsWith("test.yaml:3:"), p::toString);
    }

    @Test
    void emptyConfig() {
        var e = assertThrows(ConfigException.class, () -> load("# nothing here\n"));
        assertEquals("invalid config test.yaml (1 problem):\ntest.yaml: config is empty", e.getMessage());
    }

    @Test
    void missingFileNamesTheFileAndTheReason(@TempDir Path dir) {
        Path file = dir.resolve("nope.yaml");
        var e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, APPS));
        assertEquals(List.of(new ConfigProblem(file.toString(), 0, 0, "", "cannot read config file: no such file")),
                e.problems());
        assertEquals(file + ": cannot read config file: no such file", e.problems().getFirst().toString());
    }

    @Test
    void loadsFromAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ok.yaml");
        Files.writeString(file, MINIMAL);
        assertEquals("a", ConfigLoader.load(file, APPS).spec().sandboxes().getFirst().name());
        Files.writeString(file, MINIMAL.replace("core: 0", "core: 9"));
        var e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, APPS));
        assertTrue(e.getMessage().startsWith("invalid config " + file + " (1 problem):\n" + file + ":6:11: "),
                e::getMessage);
    }

    @Test
    void multipleProblemsAreReportedTogether() {
        var e = assertThrows(ConfigException.class, () -> load("""
                chip:
                  cores: 2
                  memory: 4MiB
                sandboxes:
                  - name: a
                    core: 5
                    memory: 1MiB
                    app: nope
                  - name: a
                    core: 1
                    memory: 1MiB
                    app: echo
                channels:
                  - {from: a, to: a, capacity: 0}
                """));
        var problems = e.problems();
        assertProblem(problems, 6, 11, "sandboxes[0].core", "core 5 does not exist");
        assertProblem(problems, 8, 10, "sandboxes[0].app", "unknown app 'nope' (known apps: echo, needs-x)");
        assertProblem(problems, 9, 11, "sandboxes[1].name", "duplicate sandbox name 'a'");
        assertProblem(problems, 14, 19, "channels[0].to", "to itself");
        assertProblem(problems, 14, 32, "channels[0].capacity", "between 1 and");
        assertEquals(5, problems.size(), problems::toString);
        assertTrue(e.getMessage().startsWith("invalid config test.yaml (5 problems):\n"
                + "test.yaml:6:11: sandboxes[0].core: core 5 does not exist"), e::getMessage);
    }

    @Test
    void structuralProblemsAreAllReported() {
        var problems = problems("""
                chip: {cores: x, memory: 1 lot}
                sandboxes:
                  - {name: a, core: 0, app: echo, extra: 1}
                  - 7
                """);
        assertProblem(problems, 1, 15, "chip.cores", "expected an integer, got 'x'");
        assertProblem(problems, 1, 26, "chip.memory", "unknown unit 'lot'");
        assertProblem(problems, 3, 5, "sandboxes[0]", "missing required key 'memory'");
        assertProblem(problems, 3, 35, "sandboxes[0]", "unknown key 'extra'");
        assertProblem(problems, 4, 5, "sandboxes[1]", "expected a map, got '7'");
        assertEquals(5, problems.size(), problems::toString);
    }

    @Test
    void chipPinAndIdleAreReadAndDefaultToUnpinnedAndBackoff() throws ConfigException {
        assertEquals(new ChipSpec(2, 4L << 20, ChipSpec.DEFAULT_PAGE_BYTES, true, IdleMode.SPIN),
                load(MINIMAL.replace("  memory: 4MiB\n", "  memory: 4MiB\n  pin: true\n  idle: spin\n")).chip());
        assertEquals(new ChipSpec(2, 4L << 20, ChipSpec.DEFAULT_PAGE_BYTES, false, IdleMode.BACKOFF),
                load(MINIMAL.replace("  memory: 4MiB\n", "  memory: 4MiB\n  pin: false\n  idle: backoff\n")).chip());
        var defaults = load(MINIMAL).chip();
        assertFalse(defaults.pin());
        assertEquals(IdleMode.BACKOFF, defaults.idle());
    }

    @Test
    void aBadPinOrIdleIsRefusedNamingTheKeyAtItsLineAndColumn() {
        var problems = problems(MINIMAL.replace("  memory: 4MiB\n", "  memory: 4MiB\n  pin: yes\n  idle: busy\n"));
        assertEquals(2, problems.size(), problems::toString);
        assertEquals("test.yaml:4:8: chip.pin: expected true or false, got 'yes'", problems.get(0).toString());
        assertEquals("test.yaml:5:9: chip.idle: unknown idle mode 'busy' (available: backoff, spin)",
                problems.get(1).toString());
        assertOnlyProblem(MINIMAL.replace("  memory: 4MiB\n", "  memory: 4MiB\n  pin: [true]\n"), 4, 8, "chip.pin",
                "expected true or false, got a list");
        assertOnlyProblem(MINIMAL.replace("  memory: 4MiB\n", "  memory: 4MiB\n  idle: SPIN\n"), 4, 9, "chip.idle",
                "unknown idle mode 'SPIN'");
    }

    /** A chip with one more sandbox than this process has CPUs to pin to; {@code pin} is written into chip if given. */
    private static String oneSandboxTooManyToPin(String pin) {
        int sandboxes = CpuAffinity.allowedCpus().size() + 1;
        var yaml = new StringBuilder("chip:\n  cores: %d\n  memory: %dKiB\n%ssandboxes:\n".formatted(sandboxes,
                8 * sandboxes, pin == null ? "" : "  pin: " + pin + "\n"));
        for (int i = 0; i < sandboxes; i++) {
            yaml.append("  - {name: s%d, core: %d, memory: 8KiB, app: echo}\n".formatted(i, i));
        }
        return yaml.toString();
    }

    @Test
    void overridesApplyBeforeValidationSoTheirWarningsCountAndArePlacedAtTheKeyOrItsSection(@TempDir Path dir)
            throws Exception {
        int cpus = CpuAffinity.allowedCpus().size();
        Path file = Files.writeString(dir.resolve("many.yaml"), oneSandboxTooManyToPin(null));
        assertEquals(List.of(), ConfigLoader.load(file, APPS).warnings());

        LoadedConfig pinned = ConfigLoader.load(file, APPS, s -> s.withChip(s.chip().withPin(true)));
        assertTrue(pinned.spec().chip().pin());
        String warning = "chip.pin: %d cores run sandboxes and this process may use %s: pinned round-robin, "
                .formatted(cpus + 1, cpus == 1 ? "1 host CPU" : cpus + " host CPUs");
        assertEquals(1, pinned.warnings().size(), pinned.warnings()::toString);
        assertTrue(pinned.warnings().getFirst().toString().startsWith(file + ":2:3: warning: " + warning),
                pinned.warnings()::toString); // no pin key in the file: at the chip section

        Path written = Files.writeString(dir.resolve("pinned.yaml"), oneSandboxTooManyToPin("true"));
        var fromFile = ConfigLoader.load(written, APPS).warnings();
        assertEquals(1, fromFile.size(), fromFile::toString);
        assertTrue(fromFile.getFirst().toString().startsWith(written + ":4:8: warning: " + warning), fromFile::toString);
    }

    @Test
    void exampleTokenRingConfigIsValidWithoutWarnings() throws ConfigException {
        var loaded = ConfigLoader.load(Path.of("../examples/token-ring.yaml"), StandardApps.registry());
        assertEquals(List.of(), loaded.warnings());
        var spec = loaded.spec();
        assertEquals(List.of("ring-0", "ring-1", "ring-2", "counter"),
                spec.sandboxes().stream().map(s -> s.name()).toList());
        assertEquals(Map.of("next", "ring-1", "counter", "counter", "leader", "true"),
                spec.sandboxes().getFirst().params());
        assertEquals(3, spec.sandboxes().get(3).core());
        assertEquals(6, spec.channels().size());
        assertEquals(DetectionSpec.DEFAULT, spec.detection());
        assertEquals(RecoverySpec.DEFAULT, spec.recovery());
    }
}
