package dev.bulwark.monitor.spec;

import dev.bulwark.monitor.policy.Backoff;
import dev.bulwark.monitor.policy.Redundant;
import dev.bulwark.monitor.policy.Rollback;
import dev.bulwark.monitor.policy.Scheme;
import dev.bulwark.monitor.policy.Standby;
import dev.bulwark.monitor.policy.Strategy;
import dev.bulwark.sandbox.app.App;
import dev.bulwark.sandbox.app.AppCheck;
import dev.bulwark.sandbox.app.AppDescriptor;
import dev.bulwark.sandbox.app.AppParam;
import dev.bulwark.sandbox.app.AppRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class SpecValidatorTest {
    private static final long MIB = 1 << 20;
    private static final App IDLE = ctx -> {
    };
    /** Declares a memory check (that always passes), so a chain with microreboot gives no warning. */
    private static final AppDescriptor ECHO = AppDescriptor.of("echo", "Does nothing.", params -> IDLE)
            .withMemoryCheck(memory -> java.util.Optional.empty());
    /** Needs a numeric x; may name a peer it sends to; checks odd numbers of peers across all its sandboxes. */
    private static final AppDescriptor NEEDS_X = AppDescriptor.of("needs-x", "Needs x.", params -> {
                if (!params.get("x").matches("\\d+")) {
                    throw new IllegalArgumentException("x must be a number, not '" + params.get("x") + "'");
                }
                return IDLE;
            })
            .withParams(AppParam.required("x", AppParam.Kind.TEXT, "a number"),
                    AppParam.optional("peer", AppParam.Kind.PEER, "whom it sends to"),
                    AppParam.optional("loud", AppParam.Kind.FLAG, "whether it shouts"))
            .withCheck(uses -> uses.stream().filter(u -> "true".equals(u.params().get("loud")))
                    .map(u -> new AppCheck.Warning(u.sandbox(), "loud", "too loud")).toList());
    private static final AppRegistry APPS = AppRegistry.of(ECHO, NEEDS_X);
    /** A roomy host, so that the footprint and the heartbeat floor never get in the way unless a test asks. */
    private static final HostLimits HOST = new HostLimits(16, 64L << 30, 48L << 30, 8L << 30);

    private static List<SpecProblem> validate(SystemSpec spec) {
        return SpecValidator.validate(spec, APPS, HOST);
    }

    private static final ChipSpec CHIP = new ChipSpec(4, 64 * MIB, ChipSpec.DEFAULT_PAGE_BYTES);

    private static SandboxSpec sandbox(String name, int core) {
        return new SandboxSpec(name, core, MIB, null, "echo", Map.of(), null);
    }

    private static SandboxSpec withBase(SandboxSpec s, Long base) {
        return new SandboxSpec(s.name(), s.core(), s.memoryBytes(), base, s.app(), s.params(), s.recovery());
    }

    private static SandboxSpec withMemory(SandboxSpec s, long memoryBytes) {
        return new SandboxSpec(s.name(), s.core(), memoryBytes, s.base(), s.app(), s.params(), s.recovery());
    }

    private static SystemSpec valid() {
        return new SystemSpec(CHIP,
                List.of(sandbox("a", 0), new SandboxSpec("b", 1, 2 * MIB, 8 * MIB, "needs-x", Map.of("x", "1"),
                        new RecoverySpec(Scheme.RESTART, 5, Duration.ofSeconds(1)))),
                List.of(new ChannelSpec("a", "b", 16), new ChannelSpec("b", "a", ChannelSpec.DEFAULT_CAPACITY)),
                DetectionSpec.DEFAULT, RecoverySpec.DEFAULT);
    }

    private static SystemSpec withChip(ChipSpec chip) {
        var s = valid();
        return new SystemSpec(chip, s.sandboxes(), s.channels(), s.detection(), s.recovery());
    }

    private static SystemSpec withSandboxes(SandboxSpec... sandboxes) {
        var s = valid();
        return new SystemSpec(s.chip(), List.of(sandboxes), List.of(), s.detection(), s.recovery());
    }

    private static SystemSpec withSandbox(int index, UnaryOperator<SandboxSpec> change) {
        var s = valid();
        var sandboxes = new ArrayList<>(s.sandboxes());
        sandboxes.set(index, change.apply(sandboxes.get(index)));
        return new SystemSpec(s.chip(), sandboxes, s.channels(), s.detection(), s.recovery());
    }

    private static SystemSpec withChannels(ChannelSpec... channels) {
        var s = valid();
        return new SystemSpec(s.chip(), s.sandboxes(), List.of(channels), s.detection(), s.recovery());
    }

    /** Asserts the spec has exactly one problem, at {@code path}, whose message contains {@code fragment}. */
    private static void assertOnlyProblem(SystemSpec spec, String path, String fragment) {
        assertOnlyProblem(spec, HOST, path, fragment);
    }

    private static void assertOnlyProblem(SystemSpec spec, HostLimits host, String path, String fragment) {
        var problems = SpecValidator.validate(spec, APPS, host);
        assertEquals(1, problems.size(), () -> "expected one problem, got " + problems);
        assertProblem(problems, path, fragment);
    }

    private static void assertProblem(List<SpecProblem> problems, String path, String fragment) {
        for (var p : problems) {
            if (p.path().equals(path) && p.message().contains(fragment)) {
                return;
            }
        }
        fail("no problem at " + path + " containing '" + fragment + "' in " + problems);
    }

    @Test
    void validSpecHasNoProblems() {
        assertEquals(List.of(), validate(valid()));
    }

    @Test
    void chipNeedsAtLeastOneCoreAndAtMostTheLimit() {
        assertProblem(validate(withChip(new ChipSpec(0, 64 * MIB, 4096))),
                "chip.cores", "at least 1 core, got 0");
        assertProblem(validate(withChip(new ChipSpec(1025, 64 * MIB, 4096))),
                "chip.cores", "at most 1024 cores");
    }

    @Test
    void chipMemoryMustBePositiveAndWholePages() {
        assertProblem(validate(withChip(new ChipSpec(4, 0, 4096))),
                "chip.memory", "must be positive");
        assertOnlyProblem(withChip(new ChipSpec(4, 64 * MIB + 100, 4096)),
                "chip.memory", "not a multiple of the page size (4096 bytes)");
    }

    @Test
    void pageSizeMustBeAPowerOfTwoOfAtLeast64() {
        assertOnlyProblem(withChip(new ChipSpec(4, 64 * MIB, 3000)), "chip.pageSize", "power of two");
        assertOnlyProblem(withChip(new ChipSpec(4, 64 * MIB, 32)), "chip.pageSize", "at least 64 bytes, got 32");
    }

    @Test
    void atLeastOneSandbox() {
        assertOnlyProblem(withSandboxes(), "sandboxes", "at least one sandbox");
    }

    @Test
    void sandboxNamesMustBeUniqueNonBlankAndWellFormed() {
        assertOnlyProblem(withSandboxes(sandbox("a", 0), sandbox("a", 1)),
                "sandboxes[1].name", "duplicate sandbox name 'a' (also sandboxes[0])");
        assertOnlyProblem(withSandboxes(sandbox(" ", 0)), "sandboxes[0].name", "blank");
        assertOnlyProblem(withSandboxes(sandbox("Ring", 0)), "sandboxes[0].name", "'Ring' is invalid");
        assertOnlyProblem(withSandboxes(sandbox("-x", 0)), "sandboxes[0].name", "'-x' is invalid");
    }

    @Test
    void coreMustExist() {
        assertOnlyProblem(withSandbox(1, s -> sandboxOn(s, 7)),
                "sandboxes[1].core", "core 7 does not exist (the chip has 4 cores: 0-3)");
        assertOnlyProblem(withSandbox(0, s -> sandboxOn(s, -1)), "sandboxes[0].core", "core -1 does not exist");
    }

    private static SandboxSpec sandboxOn(SandboxSpec s, int core) {
        return new SandboxSpec(s.name(), core, s.memoryBytes(), s.base(), s.app(), s.params(), s.recovery());
    }

    @Test
    void twoSandboxesOnOneCoreIsAnError() {
        assertOnlyProblem(withSandbox(1, s -> sandboxOn(s, 0)),
                "sandboxes[1].core", "core 0 is already used by sandbox 'a': this version runs one sandbox per core");
    }

    @Test
    void partitionSizeMustBePositiveWholePagesAndAtLeastTwoPages() {
        assertOnlyProblem(withSandbox(0, s -> withMemory(s, 0)), "sandboxes[0].memory", "must be positive");
        assertOnlyProblem(withSandbox(0, s -> withMemory(s, MIB + 1)),
                "sandboxes[0].memory", "not a multiple of the page size");
        assertOnlyProblem(withSandbox(0, s -> withMemory(s, 4096)),
                "sandboxes[0].memory", "less than 2 pages (8192 bytes)");
    }

    @Test
    void baseMustBePageAligned() {
        assertOnlyProblem(withSandbox(1, s -> withBase(s, 8 * MIB + 8)),
                "sandboxes[1].base", "base 0x800008 is not page-aligned");
    }

    @Test
    void partitionMustFitInChipMemory() {
        assertOnlyProblem(withSandbox(0, s -> withMemory(s, 128 * MIB)),
                "sandboxes[0].memory", "does not fit in 67108864 bytes of chip memory");
        assertOnlyProblem(withSandbox(1, s -> withBase(s, 63 * MIB)),
                "sandboxes[1].base", "partition [0x3f00000, 0x4100000) extends past the end of chip memory");
    }

    @Test
    void overlappingExplicitPartitionsNameBothSandboxesAndRanges() {
        var adjacent = withSandboxes(withBase(sandbox("a", 0), MIB),
                withBase(withMemory(sandbox("b", 1), 2 * MIB), 2 * MIB));
        assertEquals(List.of(), validate(adjacent));
        var overlapping = withSandboxes(withBase(sandbox("a", 0), MIB),
                withBase(withMemory(sandbox("b", 1), 2 * MIB), MIB + MIB / 2));
        assertOnlyProblem(overlapping, "sandboxes[1].base",
                "partition of 'b' [0x180000, 0x380000) overlaps partition of 'a' [0x100000, 0x200000)");
    }

    @Test
    void sandboxWithoutBaseThatCannotFitIsReported() {
        var spec = withSandboxes(withBase(withMemory(sandbox("a", 0), 40 * MIB), 0L),
                withMemory(sandbox("b", 1), 30 * MIB));
        assertOnlyProblem(spec, "sandboxes[1].memory",
                "no free range of 31457280 bytes left in 67108864 bytes of chip memory");
    }

    @Test
    void appMustBeRegistered() {
        assertOnlyProblem(withSandbox(0, s -> new SandboxSpec(s.name(), s.core(), s.memoryBytes(), s.base(),
                "nope", Map.of(), null)), "sandboxes[0].app", "unknown app 'nope' (known apps: echo, needs-x)");
    }

    private static SystemSpec withParams(Map<String, String> params) {
        return withSandbox(1, s -> new SandboxSpec(s.name(), s.core(), s.memoryBytes(), s.base(), s.app(), params, null));
    }

    @Test
    void declaredParamsAreCheckedOnePlaceEachThenTheFactoryChecksTheRest() {
        assertOnlyProblem(withParams(Map.of()), "sandboxes[1].params", "needs-x needs parameter 'x' (a number)");
        assertOnlyProblem(withParams(Map.of("x", "1", "y", "2")), "sandboxes[1].params.y",
                "unknown parameter 'y' (needs-x takes: loud, peer, x)");
        assertOnlyProblem(withParams(Map.of("x", "1", "loud", "yes")), "sandboxes[1].params.loud",
                "parameter 'loud' must be true or false, not 'yes'");
        assertOnlyProblem(withParams(Map.of("x", "one")), "sandboxes[1].params",
                "app 'needs-x' rejected its params: x must be a number, not 'one'");
        assertOnlyProblem(withSandbox(0, s -> new SandboxSpec(s.name(), s.core(), s.memoryBytes(), s.base(), s.app(),
                Map.of("x", "1"), null)), "sandboxes[0].params.x", "unknown parameter 'x': echo takes none");
    }

    @Test
    void aParamNamingAPeerNeedsThatSandboxAndAChannelToIt() {
        assertOnlyProblem(withParams(Map.of("x", "1", "peer", "nobody")), "sandboxes[1].params.peer",
                "peer names sandbox 'nobody', which does not exist (sandboxes: a, b)");
        var noChannelBack = withChannels(new ChannelSpec("a", "b", 16));
        var spec = new SystemSpec(noChannelBack.chip(), withParams(Map.of("x", "1", "peer", "a")).sandboxes(),
                noChannelBack.channels(), noChannelBack.detection(), noChannelBack.recovery());
        assertOnlyProblem(spec, "sandboxes[1].params.peer",
                "needs-x sends to 'a', but no channel goes from 'b' to 'a' (add {from: b, to: a} to channels)");
        assertEquals(List.of(), validate(withParams(Map.of("x", "1", "peer", "a"))), "b -> a exists in valid()");
    }

    @Test
    void anAppsSystemWideRulesGiveWarningsThatDoNotRefuseTheSpec() {
        var problems = validate(withParams(Map.of("x", "1", "loud", "true")));
        assertEquals(List.of(SpecProblem.warning("sandboxes[1].params.loud", "too loud")), problems);
        assertTrue(problems.stream().noneMatch(SpecProblem::isError));
    }

    @Test
    void microrebootForAnAppThatDeclaresNoMemoryCheckIsAWarningAtItsApp() {
        RecoverySpec microreboot = new RecoverySpec(List.of(Scheme.MICROREBOOT, Scheme.RESTART), 3, Duration.ofSeconds(10),
                dev.bulwark.monitor.policy.Backoff.NONE);
        var unchecked = AppRegistry.of(AppDescriptor.of("echo", "Does nothing.", params -> IDLE), NEEDS_X);
        var problems = SpecValidator.validate(valid().withRecovery(microreboot), unchecked, HOST); // a inherits it; b has its own
        assertEquals(List.of(SpecProblem.warning("sandboxes[0].app", "app 'echo' declares no memory check, so microreboot "
                + "(in the recovery of 'a') can never keep its memory: it escalates to the next scheme every time")), problems);
        assertEquals(List.of(), validate(valid().withRecovery(microreboot)), "echo declares one here");
    }

    @Test
    void aHeartbeatTimeoutShorterThanTheHostCanHonourIsRefused() {
        var s = valid();
        var tooShort = new SystemSpec(s.chip(), s.sandboxes(), s.channels(),
                new DetectionSpec(Duration.ofMillis(2), Duration.ofMillis(1)), s.recovery());
        assertOnlyProblem(tooShort, "detection.heartbeatTimeout",
                "heartbeat timeout 2ms is shorter than this host can honour for 2 sandboxes on 16 CPUs: at least 5ms "
                        + "(busy kernels take turns on the CPUs, about 1ms each)");
        var floor = SpecValidator.minHeartbeatTimeout(2, 16);
        var justEnough = new SystemSpec(s.chip(), s.sandboxes(), s.channels(), new DetectionSpec(floor, Duration.ofMillis(1)),
                s.recovery());
        assertEquals(List.of(), validate(justEnough));
        assertTrue(SpecValidator.minHeartbeatTimeout(1024, 2).compareTo(SpecValidator.minHeartbeatTimeout(4, 2)) > 0,
                "many cores sharing few CPUs need a longer timeout");
    }

    @Test
    void moreBusySpinningCoresThanHostCpusIsAWarningAtChipIdle() {
        var three = withSandboxes(sandbox("a", 0), sandbox("b", 1), sandbox("c", 2));
        var spin = new SystemSpec(new ChipSpec(4, 64 * MIB, ChipSpec.DEFAULT_PAGE_BYTES, false, IdleMode.SPIN),
                three.sandboxes(), three.channels(), three.detection(), three.recovery());
        var twoCpus = new HostLimits(2, 64L << 30, 48L << 30, 8L << 30);
        assertEquals(List.of(SpecProblem.warning("chip.idle", "idle: spin busy-spins each core that runs a sandbox on "
                + "a host CPU of its own, but 3 cores run sandboxes on 2 host CPUs: the spinning cores "
                + "will starve each other, so kernels crawl, waiting for time slices, and one starved past the "
                + "heartbeat check's grace is judged hung (use idle: backoff, or at most 2 sandboxes)")), SpecValidator.validate(spin, APPS, twoCpus));
        assertEquals(List.of(), SpecValidator.validate(three, APPS, twoCpus), "backing-off cores share CPUs");
        assertEquals(List.of(), SpecValidator.validate(spin, APPS, new HostLimits(3, 64L << 30, 48L << 30, 8L << 30)),
                "a host CPU for each spinning core");
    }

    @Test
    void pinnedCoresSharingTheAllowedCpusIsAWarningAtChipPinSayingHowManyShareEach() {
        var pinned = new ChipSpec(8, 64 * MIB, ChipSpec.DEFAULT_PAGE_BYTES, true, IdleMode.BACKOFF);
        var five = withSandboxes(sandbox("a", 0), sandbox("b", 1), sandbox("c", 2), sandbox("d", 3), sandbox("e", 4));
        var fivePinned = new SystemSpec(pinned, five.sandboxes(), five.channels(), five.detection(), five.recovery());
        var fourPinned = new SystemSpec(pinned, five.sandboxes().subList(0, 4), five.channels(), five.detection(),
                five.recovery());
        // A quota of 8 CPUs, but an affinity set of 2: pinning goes by the affinity set.
        var twoAllowed = new HostLimits(8, 64L << 30, 48L << 30, 8L << 30, 2);
        assertEquals(List.of(SpecProblem.warning("chip.pin", "5 cores run sandboxes and this process may use 2 host "
                + "CPUs: pinned round-robin, 2 or 3 cores share each CPU")), SpecValidator.validate(fivePinned, APPS, twoAllowed));
        assertEquals(List.of(SpecProblem.warning("chip.pin", "4 cores run sandboxes and this process may use 2 host "
                + "CPUs: pinned round-robin, 2 cores share each CPU")), SpecValidator.validate(fourPinned, APPS, twoAllowed));
        assertEquals(List.of(), SpecValidator.validate(new SystemSpec(pinned.withPin(false), five.sandboxes(), five.channels(),
                five.detection(), five.recovery()), APPS, twoAllowed), "unpinned cores float");
        assertEquals(List.of(), SpecValidator.validate(fivePinned, APPS, new HostLimits(2, 64L << 30, 48L << 30, 8L << 30, 5)),
                "a CPU for each pinned core");
    }

    @Test
    void aSystemThatWouldNotFitTheHostsMemoryOrTheJvmsHeapIsRefusedBeforeBooting() {
        var small = new HostLimits(2, 32 * MIB, 10 * MIB, 64 * MIB);
        assertOnlyProblem(valid(), small, "chip.memory", "the chip's 64 MiB of memory is more than this host has (32 MiB)");
        var fits = new HostLimits(2, 8L << 30, 16 * MIB, 64 * MIB);
        var smallChip = withChip(new ChipSpec(4, 16 * MIB, 4096));
        assertEquals(List.of(), SpecValidator.validate(smallChip, APPS, fits),
                "a (1 + 2) MiB x 2 of partitions and 2 MiB of frames fit in 80% of 16 MiB");
        assertEquals(List.of(), SpecValidator.validate(smallChip, APPS, new HostLimits(2, 8L << 30, 11 * MIB, 64 * MIB)),
                "8 MiB fit in 80% of 11 MiB: a retired incarnation's backing is one of its sandbox's two, not a third");
        var tight = new HostLimits(2, 8L << 30, 9 * MIB, 64 * MIB);
        assertOnlyProblem(smallChip, tight, "sandboxes", "the partitions and channel frames need 8.0 MiB of host memory");
        var bigChannels = new SystemSpec(new ChipSpec(4, 256 * MIB, 4096), smallChip.sandboxes(),
                List.of(new ChannelSpec("a", "b", 1 << 20, 0), new ChannelSpec("b", "a", 1)), smallChip.detection(), smallChip.recovery());
        assertOnlyProblem(bigChannels, new HostLimits(2, 8L << 30, 4L << 30, 64 * MIB), "channels",
                "the channels' queues need 36.0 MiB of heap, more than 50% of this JVM's maximum heap (64 MiB)");
        var noRoomForFrames = withChannels(new ChannelSpec("a", "b", 1 << 16), new ChannelSpec("b", "a", 1));
        assertOnlyProblem(noRoomForFrames, "channels[0]", "no free range of 132 MiB left in 64 MiB of chip memory for "
                + "the frames of channel a->b (65536 frames of 2112 bytes)");
    }

    @Test
    void channelEndpointsMustBeKnownSandboxes() {
        assertOnlyProblem(withChannels(new ChannelSpec("a", "zed", 1)),
                "channels[0].to", "unknown sandbox 'zed' (sandboxes: a, b)");
        assertOnlyProblem(withChannels(new ChannelSpec("a", "b", 1), new ChannelSpec("q", "a", 1)),
                "channels[1].from", "unknown sandbox 'q'");
    }

    @Test
    void channelToItselfIsAnError() {
        assertOnlyProblem(withChannels(new ChannelSpec("a", "a", 1)), "channels[0].to", "from 'a' to itself");
    }

    @Test
    void duplicateChannelIsAnError() {
        assertOnlyProblem(withChannels(new ChannelSpec("a", "b", 1), new ChannelSpec("b", "a", 1),
                        new ChannelSpec("a", "b", 8)),
                "channels[2]", "duplicate channel from 'a' to 'b' (also channels[0])");
    }

    @Test
    void channelCapacityMustBeInRange() {
        assertOnlyProblem(withChannels(new ChannelSpec("a", "b", 0)), "channels[0].capacity", "between 1 and 1048576");
        assertOnlyProblem(withChannels(new ChannelSpec("a", "b", (1 << 20) + 1)), "channels[0].capacity", "got 1048577");
    }

    @Test
    void detectionPeriodsMustBePositive() {
        var s = valid();
        var spec = new SystemSpec(s.chip(), s.sandboxes(), s.channels(),
                new DetectionSpec(Duration.ZERO, Duration.ofMillis(-1)), s.recovery());
        var problems = validate(spec);
        assertEquals(2, problems.size(), problems::toString);
        assertProblem(problems, "detection.heartbeatTimeout", "heartbeat timeout must be positive");
        assertProblem(problems, "detection.scrubPeriod", "scrub period must be positive");
    }

    @Test
    void recoveryNeedsNonNegativeRestartsAndPositiveWindow() {
        var s = valid();
        var spec = new SystemSpec(s.chip(), s.sandboxes(), s.channels(), s.detection(),
                new RecoverySpec(Scheme.RESTART, -1, Duration.ofSeconds(1)));
        assertOnlyProblem(spec, "recovery.maxRestarts", "must not be negative, got -1");
        assertOnlyProblem(withSandbox(1, sb -> new SandboxSpec(sb.name(), sb.core(), sb.memoryBytes(), sb.base(),
                        sb.app(), sb.params(), new RecoverySpec(Scheme.RESTART, 1, Duration.ZERO))),
                "sandboxes[1].recovery.within", "restart window must be positive");
    }

    private static RecoverySpec recovery(List<Scheme> schemes, Backoff backoff) {
        return new RecoverySpec(schemes, 3, Duration.ofSeconds(10), backoff);
    }

    private static Backoff backoff(int minMillis, int maxMillis) {
        return new Backoff(Duration.ofMillis(minMillis), Duration.ofMillis(maxMillis));
    }

    @Test
    void rollbackNeedsAPositiveEpochAndASandboxWithoutDevicesAndAStandbyACoreOfItsOwn() {
        var s = valid();
        var rollback = new Rollback(Duration.ofMillis(5));
        assertEquals(List.of(), validate(s.withRecovery(recovery(List.of(rollback, Scheme.RESTART), Backoff.NONE))));
        assertOnlyProblem(s.withRecovery(recovery(List.of(new Rollback(Duration.ZERO)), Backoff.NONE)),
                "recovery.rollback.epoch", "the epoch must be positive, got 0");
        var standby2 = recovery(List.of(new Standby(2, Standby.Mode.WARM)), Backoff.NONE);
        assertEquals(List.of(), validate(s.withRecoveryOf("a", standby2)));
        assertOnlyProblem(withSpares(2).withRecoveryOf("a", standby2),
                "sandboxes[0].recovery.standby.core", "core 2 is a spare core");
        assertOnlyProblem(s.withRecoveryOf("a", recovery(List.of(new Standby(1, Standby.Mode.WARM)), Backoff.NONE)),
                "sandboxes[0].recovery.standby.core", "core 1 runs sandbox 'b': a standby needs a core of its own");
        assertOnlyProblem(s.withRecoveryOf("a", standby2).withRecoveryOf("b", standby2),
                "sandboxes[1].recovery.standby.core", "core 2 is already the standby core of 'a'");
    }

    @Test
    void redundantRunsTwoOrThreeCopiesOnCoresOfTheirOwnAndTheChipHoldsThem() {
        var s = valid();
        var duplex = recovery(List.of(new Redundant(2, List.of(0, 2)), Scheme.RESTART), Backoff.NONE);
        assertEquals(List.of(), validate(s.withRecoveryOf("a", duplex)));
        assertOnlyProblem(s.withRecoveryOf("a", recovery(List.of(new Redundant(1, List.of(0))), Backoff.NONE)),
                "sandboxes[0].recovery.redundant.copies", "runs 2 copies (detect) or 3 (vote), not 1");
        assertOnlyProblem(s.withRecoveryOf("a", recovery(List.of(new Redundant(3, List.of(0, 2))), Backoff.NONE)),
                "sandboxes[0].recovery.redundant.cores", "3 copies need 3 cores, one each; got [0, 2]");
        assertOnlyProblem(s.withRecoveryOf("a", recovery(List.of(new Redundant(2, List.of(0, 1))), Backoff.NONE)),
                "sandboxes[0].recovery.redundant.cores", "core 1 runs sandbox 'b': each copy needs a core of its own");
        assertOnlyProblem(withSpares(2).withRecoveryOf("a", duplex),
                "sandboxes[0].recovery.redundant.cores", "core 2 is a spare core");
        assertOnlyProblem(s.withRecoveryOf("a", recovery(List.of(new Redundant(2, List.of(0, 99))), Backoff.NONE)),
                "sandboxes[0].recovery.redundant.cores", "core 99 does not exist");
        var tiny = new SystemSpec(new ChipSpec(4, 10 * MIB, 4096), s.sandboxes(), s.channels(), s.detection(), s.recovery());
        assertEquals(List.of(), validate(tiny));
        assertTrue(validate(tiny.withRecoveryOf("a", recovery(List.of(new Redundant(3, List.of(0, 2, 3))), Backoff.NONE)))
                .stream().anyMatch(p -> p.message().startsWith("with each redundant sandbox's copies:")));
    }

    @Test
    void aRecoveryChainNamesAtLeastOneSchemeEachOnceAndABackoffHasAPositiveMinAtMostItsMax() {
        var s = valid();
        assertEquals(List.of(), validate(s.withRecovery(recovery(List.of(Scheme.MICROREBOOT, Scheme.RESTART), backoff(10, 1000)))));
        assertEquals(List.of(), validate(s.withRecovery(recovery(List.of(Scheme.RESTART), backoff(5, 5)))), "min = max: a fixed wait");
        assertOnlyProblem(s.withRecovery(recovery(List.of(), Backoff.NONE)), "recovery.schemes",
                "the chain of schemes is empty: name at least one (known: restart, microreboot, rollback, standby, redundant)");
        assertOnlyProblem(s.withRecovery(recovery(List.of(Scheme.RESTART, Scheme.MICROREBOOT, Scheme.RESTART), Backoff.NONE)),
                "recovery.schemes[2]", "scheme 'restart' is already in the chain (schemes[0]): each scheme has its own "
                        + "restart intensity; raise maxRestarts instead");
        assertOnlyProblem(s.withRecovery(recovery(List.of(Scheme.RESTART), backoff(2000, 1000))), "recovery.backoff",
                "backoff minimum 2s is more than its maximum 1s");
        assertOnlyProblem(s.withRecovery(recovery(List.of(Scheme.RESTART), backoff(0, 1000))), "recovery.backoff",
                "backoff minimum must be positive, got 0ns (leave backoff out for none)");
    }

    private static SystemSpec withSpares(Integer... spares) {
        var s = valid();
        return s.withChip(s.chip().withSpareCores(List.of(spares)));
    }

    @Test
    void aSpareCoreIsOnTheChipListedOnceAndNoSandboxsCore() {
        assertEquals(List.of(), validate(withSpares(3, 2)));
        assertOnlyProblem(withSpares(2, 4), "chip.spareCores[1]", "spare core 4 does not exist (the chip has 4 cores: 0-3)");
        assertOnlyProblem(withSpares(-1), "chip.spareCores[0]", "spare core -1 does not exist");
        assertOnlyProblem(withSpares(2, 3, 2), "chip.spareCores[2]", "spare core 2 is already listed (chip.spareCores[0])");
        assertOnlyProblem(withSpares(3, 1), "chip.spareCores[1]", "spare core 1 is sandbox 'b''s core (sandboxes[1].core): "
                + "a spare is a core no sandbox is configured on");
    }

    /** {@link #valid()} with {@code groups}, and without b's own recovery (a group's member has none). */
    private static SystemSpec withGroups(GroupSpec... groups) {
        var s = withSandbox(1, sb -> new SandboxSpec(sb.name(), sb.core(), sb.memoryBytes(), sb.base(), sb.app(), sb.params(), null));
        return s.withGroups(List.of(groups));
    }

    private static GroupSpec group(String name, String... members) {
        return new GroupSpec(name, List.of(members), Strategy.ONE_FOR_ALL, null);
    }

    @Test
    void aGroupHasAUniqueNameAndMembersThatAreSandboxesInNoOtherGroup() {
        assertEquals(List.of(), validate(withGroups(group("pair", "b", "a"))));
        assertEquals(List.of(), validate(withGroups(group("one", "a"), group("two", "b"))));
        assertOnlyProblem(withGroups(group("pair", "a", "zed")), "groups[0].members[1]", "unknown sandbox 'zed' (sandboxes: a, b)");
        assertOnlyProblem(withGroups(group("one", "a"), group("two", "b", "a")), "groups[1].members[1]",
                "sandbox 'a' is already a member of group 'one' (groups[0]): a sandbox has one supervisor");
        assertOnlyProblem(withGroups(group("pair", "a", "a")), "groups[0].members[1]",
                "sandbox 'a' is already a member of group 'pair' (groups[0])");
        assertOnlyProblem(withGroups(group("g", "a"), group("g", "b")), "groups[1].name", "duplicate group name 'g' (also groups[0])");
        assertOnlyProblem(withGroups(group("Pair", "a")), "groups[0].name", "group name 'Pair' is invalid");
        assertOnlyProblem(withGroups(group("pair")), "groups[0].members", "a group needs at least one member");
        assertOnlyProblem(withGroups(new GroupSpec("pair", List.of("a"), Strategy.ONE_FOR_ALL,
                new RecoverySpec(Scheme.RESTART, -2, Duration.ofSeconds(1)))), "groups[0].recovery.maxRestarts", "got -2");
    }

    @Test
    void aGroupsMemberHasNoRecoveryOfItsOwnTheGroupsApplies() {
        // valid()'s b has a recovery of its own.
        assertOnlyProblem(valid().withGroups(List.of(group("pair", "a", "b"))), "sandboxes[1].recovery", "sandbox 'b' is a member of group "
                + "'pair', whose recovery applies to all its members: give it in the group's recovery, not the sandbox's");
    }

    @Test
    void aSandboxsRecoveryIsItsGroupsElseItsOwnElseTheSystemsDefault() {
        var groupRecovery = new RecoverySpec(Scheme.MICROREBOOT, 1, Duration.ofSeconds(1));
        var s = valid().withGroups(List.of(new GroupSpec("solo", List.of("a"), Strategy.ONE_FOR_ONE, groupRecovery)));
        assertEquals(groupRecovery, s.recoveryOf("a"));
        assertEquals(valid().sandboxes().get(1).recovery(), s.recoveryOf("b"));
        assertEquals(RecoverySpec.DEFAULT, valid().recoveryOf("a"));
        assertEquals(RecoverySpec.DEFAULT, valid().withGroups(List.of(group("solo", "a"))).recoveryOf("a"));
        assertThrows(IllegalArgumentException.class, () -> s.recoveryOf("zed"));
    }

    @Test
    void allProblemsAreReportedTogether() {
        var s = valid();
        var spec = new SystemSpec(new ChipSpec(2, 64 * MIB, 4096),
                List.of(sandbox("a", 5), sandbox("a", 0)), List.of(new ChannelSpec("a", "x", 0)),
                s.detection(), s.recovery());
        var problems = validate(spec);
        assertProblem(problems, "sandboxes[0].core", "core 5 does not exist (the chip has 2 cores: 0-1)");
        assertProblem(problems, "sandboxes[1].name", "duplicate sandbox name 'a'");
        assertProblem(problems, "channels[0].to", "unknown sandbox 'x'");
        assertProblem(problems, "channels[0].capacity", "got 0");
        assertEquals(4, problems.size(), problems::toString);
    }

    @Test
    void placementsPutExplicitBasesFirstThenFirstFitInSpecOrder() {
        var spec = withSandboxes(
                withMemory(sandbox("first", 0), 2 * MIB),  // 0..1 MiB is too small: goes at 2 MiB
                withBase(sandbox("fixed", 1), MIB),         // placed before any first-fit one
                sandbox("gap", 2));                         // fills 0..1 MiB
        assertEquals(List.of(), validate(spec));
        assertEquals(Map.of("fixed", MIB, "first", 2 * MIB, "gap", 0L), SpecValidator.placements(spec));
    }

    @Test
    void placementsRejectsAnInvalidLayout() {
        var spec = withSandboxes(withBase(sandbox("a", 0), 0L), withBase(sandbox("b", 1), 0L));
        var e = assertThrows(IllegalArgumentException.class, () -> SpecValidator.placements(spec));
        assertTrue(e.getMessage().contains("overlaps"), e::getMessage);
    }
}
