package dev.bulwark.cli;

import dev.bulwark.apps.CounterService;
import dev.bulwark.apps.TokenRing;
import dev.bulwark.hw.core.CpuAffinity;
import dev.bulwark.sandbox.app.AppDescriptor;
import dev.bulwark.sandbox.app.AppRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliTest {
    /** What one command printed and how it exited. */
    record Result(int exit, String out, String err) {
    }

    static Result bulwark(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = BulwarkCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    /** Runs a command whose standard output is {@code out}; returns its exit code and what it wrote to stderr. */
    private static Result bulwark(OutputStream out, String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = BulwarkCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Result(exit, "", err.toString());
    }

    /**
     * A standard output whose reader goes away after {@code limit} bytes (as {@code | head} does): it takes
     * the first {@code limit} bytes, then every write fails. It keeps what each failed write carried.
     */
    static final class ClosingOutput extends OutputStream {
        private final int limit;
        private final ByteArrayOutputStream taken = new ByteArrayOutputStream();
        private final List<String> refused = new ArrayList<>();

        ClosingOutput(int limit) {
            this.limit = limit;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            int room = Math.max(0, limit - taken.size());
            taken.write(b, off, Math.min(room, len));
            if (len > room) {
                refused.add(new String(b, off, len, StandardCharsets.UTF_8));
                throw new IOException("Broken pipe");
            }
        }

        synchronized List<String> refused() {
            return List.copyOf(refused);
        }
    }

    private static void assertNoJavaInternals(String text) {
        for (String internal : List.of("Exception", "java.", "picocli", "\tat ", "Usage:")) {
            assertFalse(text.contains(internal), "'" + internal + "' in: " + text);
        }
    }

    /** A sandbox whose app fails every time it starts, so its kernel fails at every boot. */
    static final AppDescriptor FAILS_AT_BOOT = AppDescriptor.of("fails-at-boot", "Throws in start.", params -> ctx -> {
        throw new IllegalStateException("cannot start");
    });

    /** {@code bulwark args} whose run command also knows the test apps. */
    private static Result bulwarkWithTestApps(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = BulwarkCli.commandLine(new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                K made = CommandLine.defaultFactory().create(type);
                if (made instanceof RunCommand run) {
                    run.apps = AppRegistry.of(TokenRing.DESCRIPTOR, CounterService.DESCRIPTOR, FAILS_AT_BOOT);
                }
                return made;
            }
        });
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Result(cli.execute(args), out.toString(), err.toString());
    }

    private static Path write(Path dir, String name, String yaml) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, yaml);
        return file;
    }

    private static final String TWO_COUNTERS = """
            chip: {cores: 2, memory: 8MiB}
            sandboxes:
              - {name: a, core: 0, memory: 1MiB, app: counter}
              - {name: b, core: 1, memory: 1MiB, app: counter}
            """;

    @Test
    void aRunInWhichThePolicyStoppedASandboxExits1AndSaysWhyWhileOthersShutDown(@TempDir Path dir) throws IOException {
        Path config = write(dir, "stops.yaml", TWO_COUNTERS.replace("app: counter}\n  - {name: b", "app: counter}\n  - {name: b")
                .replace("{name: b, core: 1, memory: 1MiB, app: counter}",
                        "{name: b, core: 1, memory: 1MiB, app: fails-at-boot, recovery: {maxRestarts: 1}}"));
        Result r = bulwarkWithTestApps("run", "--config", config.toString(), "--duration", "200ms");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("b: stopped: no recovery scheme left: restart intensity exceeded"), r.out());
        Map<String, String> rows = new LinkedHashMap<>();
        r.out().lines().filter(l -> l.matches("  [ab] +\\d+ .*")).forEach(l -> rows.put(l.substring(2, 3), l));
        assertTrue(rows.get("a").contains("shut down") && rows.get("a").contains("the run ended"), rows.toString());
        assertTrue(rows.get("b").contains("STOPPED") && rows.get("b").contains("restart intensity exceeded: more than 1 restart within"),
                rows.toString());
        assertTrue(r.out().contains("The recovery policy stopped 1 sandbox(es) for good"), r.out());
    }

    @Test
    void aPeerParameterWithoutAChannelIsRefusedAtItsLineAndColumn(@TempDir Path dir) throws IOException {
        Path config = write(dir, "ring.yaml", """
                chip: {cores: 2, memory: 8MiB}
                sandboxes:
                  - {name: a, core: 0, memory: 1MiB, app: token-ring, params: {next: b, leader: "true"}}
                  - {name: b, core: 1, memory: 1MiB, app: token-ring, params: {next: a}}
                channels:
                  - {from: b, to: a}
                """);
        Result r = bulwark("run", "--config", config.toString(), "--duration", "1s");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains(config + ":3:70: sandboxes[0].params.next: token-ring sends to 'b', but no channel "
                + "goes from 'a' to 'b' (add {from: a, to: b} to channels)"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void aTokenRingWithoutALeaderBootsWithAWarning(@TempDir Path dir) throws IOException {
        Path config = write(dir, "leaderless.yaml", """
                chip: {cores: 2, memory: 8MiB}
                sandboxes:
                  - {name: a, core: 0, memory: 1MiB, app: token-ring, params: {next: b}}
                  - {name: b, core: 1, memory: 1MiB, app: token-ring, params: {next: a}}
                channels:
                  - {from: a, to: b}
                  - {from: b, to: a}
                """);
        Result r = bulwark("run", "--config", config.toString(), "--duration", "100ms");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.err().startsWith(config + ":3:5: warning: sandboxes[0]: the ring a -> b has no leader"), r.err());
    }

    @Test
    void aHeartbeatTimeoutTheHostCannotHonourIsRefused(@TempDir Path dir) throws IOException {
        Path config = write(dir, "hb.yaml", TWO_COUNTERS + "detection: {heartbeatTimeout: 2ms}\n");
        Result r = bulwark("run", "--config", config.toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains(config + ":5:31: detection.heartbeatTimeout: heartbeat timeout 2ms is shorter than "
                + "this host can honour"), r.err());
    }

    @Test
    void aChipWithMoreMemoryThanTheHostIsRefused(@TempDir Path dir) throws IOException {
        Path config = write(dir, "huge.yaml", TWO_COUNTERS.replace("memory: 8MiB", "memory: 1048576GiB"));
        Result r = bulwark("run", "--config", config.toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains(config + ":1:26: chip.memory: the chip's 1048576 GiB of memory is more than this host has"),
                r.err());
    }

    @Test
    void theDurationCountsFromTheMomentEverySandboxServesAndAShutdownSaysHowEachEnded() {
        Result r = bulwark("run", "--config", "../examples/token-ring.yaml", "--duration", "300ms", "--status-every", "1s");
        assertEquals(0, r.exit(), r.out() + r.err());
        Matcher booted = Pattern.compile("(?m)^ *([0-9.]+) ms  all 4 sandboxes booted; running for 300ms$").matcher(r.out());
        assertTrue(booted.find(), r.out());
        Matcher status = Pattern.compile("(?m)^ *([0-9.]+) ms  status ").matcher(r.out());
        assertTrue(status.find(booted.end()), r.out());
        assertTrue(Double.parseDouble(status.group(1)) >= Double.parseDouble(booted.group(1)) + 300, r.out());
        assertEquals(4, r.out().lines().filter(l -> l.endsWith("#1: thread halted at the end of an event-loop pass")).count(), r.out());
        assertFalse(r.out().contains("Exception"), r.out());
    }

    @Test
    void theDemoAgainstARingMemberDescribesItsStateAndItsChannelTableKeepsItsRule() {
        Result r = bulwark("demo", "--target", "ring-1");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("ring-1 (token-ring): ") && r.out().contains(" hops after 3 recoveries, 0 of them with its memory kept"), r.out());
        List<String> rows = r.out().lines().filter(l -> l.matches("  ring-[0-9]->ring-1 .*")).toList();
        assertEquals(1, rows.size(), r.out());
        for (String row : rows) {
            long[] n = Arrays.stream(row.trim().split(" +")).skip(1).mapToLong(Long::parseLong).toArray();
            assertEquals(n[0], n[1] + n[2] + n[3] + n[4], "sent = handled + lost + corrupt + queued after quiescing: " + row);
        }
    }

    @Test
    void theDemoShowsEachFaultDetectedAndRecoveredWhileTheOthersRun() {
        Result r = bulwark("demo");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("kernel panic") && r.out().contains("-> detected by trap"), r.out());
        assertTrue(r.out().contains("hang") && r.out().contains("-> detected by heartbeat timeout"), r.out());
        assertTrue(r.out().contains("bit flip in kernel data") && r.out().contains("-> detected by checksum"), r.out());
        assertTrue(r.out().contains("All faults detected and recovered; the other sandboxes never stopped."), r.out());
        assertEquals("", r.err());
    }

    @Test
    void runBootsAConfigForADurationAndPrintsWhatHappened() {
        Result r = bulwark("run", "--config", "../examples/token-ring.yaml", "--duration", "400ms", "--status-every", "100ms");
        assertEquals(0, r.exit(), r.out() + r.err());
        for (String sandbox : new String[] {"ring-0", "ring-1", "ring-2", "counter"}) {
            assertTrue(r.out().contains(sandbox + "#1: serving"), r.out());
        }
        assertTrue(r.out().contains("status (progress"), r.out());
        assertTrue(r.out().contains("ring-0->ring-1"), r.out());
        assertFalse(r.out().contains("pinned"), "no pinning line unless pinning is asked for: " + r.out());
    }

    /** The pinning line for {@code cores} cores 0.. pinned round-robin over this process's CPUs, or why not. */
    private static String pinningLine(int cores) {
        if (!CpuAffinity.isSupported()) {
            return "not pinned: " + CpuAffinity.unsupportedReason();
        }
        List<Integer> allowed = CpuAffinity.allowedCpus();
        List<String> pins = new ArrayList<>();
        for (int core = 0; core < cores; core++) {
            pins.add("core " + core + "→cpu " + allowed.get(core % allowed.size()));
        }
        return "pinned: " + String.join(", ", pins);
    }

    @Test
    void runWithPinSaysWhereEachCoresThreadWentOnceBootedAndWarnsWhenCoresShareACpu() {
        Result r = bulwark("run", "--config", "../examples/token-ring.yaml", "--pin", "--duration", "100ms");
        assertEquals(0, r.exit(), r.out() + r.err());
        Matcher booted = Pattern.compile("(?m)^ *[0-9.]+ ms  all 4 sandboxes booted; running for 100ms\n *[0-9.]+ ms  (.*)$")
                .matcher(r.out());
        assertTrue(booted.find(), r.out());
        assertEquals(pinningLine(4), booted.group(1), "the line after the boot");
        int cpus = CpuAffinity.allowedCpus().size();
        if (cpus < 4) {
            assertTrue(r.err().startsWith("../examples/token-ring.yaml:13:8: warning: chip.pin: 4 cores run sandboxes and "
                    + "this process may use " + (cpus == 1 ? "1 host CPU" : cpus + " host CPUs") + ": pinned round-robin"), r.err());
        } else {
            assertEquals("", r.err());
        }
        assertTrue(bulwark("run", "--help").out().contains("--pin"));
    }

    @Test
    void theDemoWithPinSaysWhereEachCoresThreadWentOnceBooted() {
        Result r = bulwark("demo", "--pin");
        // The demo's own verdict can be spoilt by a noisy host (exit 1, and it says so); that is not what is checked here.
        assertTrue(r.exit() == 0 || r.out().contains("Some outcome was not as expected"), r.out() + r.err());
        List<String> lines = r.out().lines().toList();
        int booted = lines.indexOf(lines.stream().filter(l -> l.startsWith("booted: ")).findFirst().orElseThrow());
        assertEquals(pinningLine(4), lines.get(booted + 1), r.out());
        assertEquals("", r.err());
        assertTrue(bulwark("demo", "--help").out().contains("--pin"));
    }

    @Test
    void aBadConfigNamesTheFileTheFieldAndTheProblemAndExitsWith2(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, """
                chip: {cores: 2, memory: 8MiB}
                sandboxes:
                  - {name: a, core: 0, memory: 1MiB, app: counter}
                  - {name: b, core: 5, memory: 1MiB, app: counter}
                channels:
                  - {from: a, to: nowhere}
                """);
        Result r = bulwark("run", "--config", config.toString(), "--duration", "1s");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains(config + ":4:"), r.err());
        assertTrue(r.err().contains("sandboxes[1].core"), r.err());
        assertTrue(r.err().contains("core 5 does not exist"), r.err());
        assertTrue(r.err().contains(config + ":6:"), r.err());
        assertTrue(r.err().contains("channels[0].to"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void aBadRecoveryPolicyIsRefusedAtItsFieldsAndExitsWith2(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("policy.yaml");
        Files.writeString(config, """
                chip: {cores: 4, memory: 8MiB, spareCores: [3, 1]}
                sandboxes:
                  - {name: a, core: 0, memory: 1MiB, app: counter}
                  - {name: b, core: 1, memory: 1MiB, app: counter}
                groups:
                  - {name: g, members: [a, b]}
                  - {name: h, members: [b]}
                """);
        Result r = bulwark("run", "--config", config.toString(), "--duration", "1s");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains(config + ":1:48: chip.spareCores[1]: spare core 1 is sandbox 'b''s core"), r.err());
        assertTrue(r.err().contains(config + ":7:25: groups[1].members[0]: sandbox 'b' is already a member of group 'g'"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void anUnknownKeyAndAMissingFileExitWith2(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("typo.yaml");
        Files.writeString(config, """
                chip: {cores: 1, memory: 4MiB, coers: 2}
                sandboxes:
                  - {name: a, core: 0, memory: 1MiB, app: counter}
                """);
        Result typo = bulwark("run", "-c", config.toString());
        assertEquals(2, typo.exit());
        assertTrue(typo.err().contains("unknown key 'coers'"), typo.err());

        Result missing = bulwark("run", "-c", dir.resolve("nope.yaml").toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("nope.yaml"), missing.err());
    }

    @Test
    void badFlagsExitWith2() {
        assertEquals(2, bulwark("run").exit(), "--config is required");
        assertEquals(2, bulwark("run", "-c", "x.yaml", "--duration", "soon").exit());
        assertEquals(2, bulwark("demo", "--target", "nobody").exit());
        assertEquals(2, bulwark("frobnicate").exit());
    }

    @Test
    void aClosedOutputStopsTheRunPromptlyPrintingNothingMoreAndExits141() {
        ClosingOutput out = new ClosingOutput(300); // the reader leaves among the boot events
        Result r = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> bulwark(out, "run", "--config", "../examples/token-ring.yaml", "--duration", "60s"));
        assertEquals(141, r.exit(), r.err());
        assertEquals(List.of("bulwark run: stopped: standard output was closed"), r.err().lines().toList());
        List<String> refused = out.refused();
        assertFalse(refused.isEmpty());
        // Every failed write carried the same bytes (retries of the line that failed): nothing later was printed.
        assertEquals(Set.of(refused.getFirst()), Set.copyOf(refused), refused.toString());
    }

    @Test
    void aClosedOutputStopsTheDemoAndExits141() {
        ClosingOutput out = new ClosingOutput(100); // the reader leaves during the heading
        Result r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> bulwark(out, "demo"));
        assertEquals(141, r.exit(), r.err());
        assertEquals(List.of("bulwark demo: stopped: standard output was closed"), r.err().lines().toList());
        assertEquals(Set.of(out.refused().getFirst()), Set.copyOf(out.refused()), out.refused().toString());
    }

    @Test
    void aBadOptionValueGetsOneLineNamingTheOptionAndTheValueAsTypedAndExits2() {
        Map<List<String>, String> cases = new LinkedHashMap<>();
        cases.put(List.of("run", "-c", "x.yaml", "--duration", "-1s"),
                "bulwark run: --duration: invalid duration '-1s': write a number with unit ns, us, ms, s or m (250ms, 1.5s)");
        cases.put(List.of("run", "-c", "x.yaml", "-d", "10"),
                "bulwark run: --duration: duration '10' has no unit (use ns, us, ms, s or m)");
        cases.put(List.of("run", "-c", "x.yaml", "--status-every", "0s"),
                "bulwark run: --status-every must be positive, not '0s'");
        cases.put(List.of("run", "-c", "x.yaml", "--status-every", "0.000ms"),
                "bulwark run: --status-every must be positive, not '0.000ms'");
        cases.put(List.of("demo", "--rounds", "0"),
                "bulwark demo: --rounds must be a whole number from 1 to 10000, not '0'");
        cases.put(List.of("demo", "--rounds", "715827883"),
                "bulwark demo: --rounds must be a whole number from 1 to 10000, not '715827883'");
        cases.put(List.of("demo", "--rounds", "three"),
                "bulwark demo: --rounds must be a whole number from 1 to 10000, not 'three'");
        cases.put(List.of("demo", "--target", "nobody"),
                "bulwark demo: --target: no sandbox named 'nobody' in the demo (sandboxes: ring-0, ring-1, ring-2, counter)");
        cases.forEach((args, message) -> {
            Result r = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> bulwark(args.toArray(String[]::new)));
            String command = args.getFirst();
            assertEquals(2, r.exit(), args + ": " + r.err());
            assertEquals(List.of(message, "Try 'bulwark " + command + " --help' for more information."),
                    r.err().lines().toList(), args.toString());
            assertEquals("", r.out(), args.toString());
        });
    }

    @Test
    void unknownOptionsAndCommandsGetOneLineAndAHintAndExit2() {
        Map<List<String>, String> cases = new LinkedHashMap<>();
        cases.put(List.of("frobnicate"), "bulwark: unknown command 'frobnicate'");
        cases.put(List.of("runn"), "bulwark: unknown command 'runn' (did you mean 'run'?)");
        cases.put(List.of("run", "-c", "x.yaml", "--duratoin", "1s"), "bulwark run: unknown option '--duratoin' (did you mean '--duration'?)");
        cases.put(List.of("run", "-c", "x.yaml", "--bogus"), "bulwark run: unknown option '--bogus'");
        cases.put(List.of("run", "-c", "x.yaml", "--rounds", "1"), "bulwark run: unknown option '--rounds'");
        cases.put(List.of("demo", "extra"), "bulwark demo: unexpected argument 'extra'");
        cases.forEach((args, message) -> {
            Result r = bulwark(args.toArray(String[]::new));
            String command = args.size() > 1 ? "bulwark " + args.getFirst() : "bulwark";
            assertEquals(2, r.exit(), args + ": " + r.err());
            assertEquals(List.of(message, "Try '" + command + " --help' for more information."),
                    r.err().lines().toList(), args.toString());
        });
        Result missing = bulwark("run");
        assertEquals(2, missing.exit());
        assertEquals(2, missing.err().lines().count(), missing.err());
        assertTrue(missing.err().contains("--config"), missing.err());
        assertNoJavaInternals(missing.err());
    }

    /** The lines of {@code out} that contain each of {@code parts}, in that order, one after another; fails if any is missing. */
    private static List<String> inOrder(String out, String... parts) {
        List<String> lines = out.lines().toList();
        List<String> found = new ArrayList<>();
        int from = 0;
        for (String part : parts) {
            int at = from;
            while (at < lines.size() && !lines.get(at).contains(part)) {
                at++;
            }
            assertTrue(at < lines.size(), "'" + part + "' after line " + from + " in:\n" + out);
            found.add(lines.get(at));
            from = at + 1;
        }
        return found;
    }

    /** The milliseconds an event or status line begins with. */
    private static double millis(String line) {
        return Double.parseDouble(line.strip().split(" ")[0]);
    }

    @Test
    void anInjectedKernelPanicLandsAtItsTimeAndIsDetectedAndRecoveredWhileTheRunGoesOn() {
        Result r = bulwark("run", "--config", "../examples/token-ring.yaml", "--duration", "1s", "--status-every", "1s",
                "--inject", "kernel-panic sandbox=ring-1 site=kernel after=300ms");
        assertEquals(0, r.exit(), r.out() + r.err());
        List<String> lines = inOrder(r.out(), "all 4 sandboxes booted; running for 1s",
                "injection #1 at +300ms: ring-1: kernel-panic site=kernel (as given)",
                "ring-1: fault #1 injected: kernel-panic site=kernel",
                "ring-1#1: failure detected by trap (KernelPanicException: injected kernel panic in ring-1)",
                "ring-1: recovering by restart as incarnation 2", "ring-1#2: serving", "status (progress");
        assertTrue(millis(lines.get(2)) >= millis(lines.get(0)) + 300, "after counts from the moment every sandbox serves: " + lines);
        assertTrue(r.out().lines().anyMatch(l -> l.matches("  ring-1 +1 +2 shut down .*")), r.out());
        assertEquals("", r.err());
    }

    @Test
    void aCoreFailStopWithoutASpareCoreStopsItsSandboxAndTheRunExits1(@TempDir Path dir) throws IOException {
        Path config = write(dir, "two.yaml", TWO_COUNTERS);
        Result r = bulwark("run", "--config", config.toString(), "--duration", "2s", "--inject", "core-fail-stop core=1 after=0s");
        assertEquals(1, r.exit(), r.out() + r.err());
        inOrder(r.out(), "injection #1 at +0s: core-1: core-fail-stop (as given)", "core-1: fault #1 injected: core-fail-stop",
                "b#1: failure detected by core failure", "b: stopped: no recovery scheme left: restart refused: core 1 failed for good and no spare core is left",
                "The recovery policy stopped 1 sandbox(es) for good");
        assertTrue(r.out().lines().anyMatch(l -> l.matches("  b +1 +1 STOPPED .*core 1 failed for good and no spare core is left")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("  a +0 +1 shut down .*the run ended")), r.out());
    }

    @Test
    void aFaultRefusedForWantOfALiveKernelIsPrintedAndTheRunGoesOn(@TempDir Path dir) throws IOException {
        Path config = write(dir, "stops.yaml", TWO_COUNTERS.replace("{name: b, core: 1, memory: 1MiB, app: counter}",
                "{name: b, core: 1, memory: 1MiB, app: fails-at-boot, recovery: {maxRestarts: 1}}"));
        // b is stopped before the run starts (it never serves), so the first injection finds no kernel there
        Result r = bulwarkWithTestApps("run", "--config", config.toString(), "--duration", "2s",
                "--inject", "hang sandbox=b after=0s", "--inject", "panic sandbox=a site=kernel after=100ms");
        assertEquals(1, r.exit(), r.out() + r.err());
        inOrder(r.out(), "b: stopped: no recovery scheme left: restart intensity exceeded", "all 2 sandboxes booted",
                "b: fault #1 injected: hang", "b: fault #1 refused: b is stopped: no kernel to take the fault",
                "a: fault #2 injected: kernel-panic site=kernel", "a#1: failure detected by trap", "a#2: serving");
        assertFalse(r.out().contains("could not be made"), "a refusal is no defect: " + r.out());
    }

    /** Every kind that has a target on this chip, once with every parameter given and once with none. */
    @Test
    void everyKindIsInjectedWithItsParametersGivenOrDrawnFromTheSeed(@TempDir Path dir) throws IOException {
        Path config = write(dir, "all.yaml", """
                chip: {cores: 5, memory: 16MiB}
                devices:
                  - {name: clock, kind: timer, period: 5ms}
                sandboxes:
                  - {name: a, core: 0, memory: 1MiB, app: counter, devices: [clock]}
                  - {name: b, core: 1, memory: 1MiB, app: counter}
                  - {name: c, core: 2, memory: 1MiB, app: counter}
                  - {name: d, core: 3, memory: 1MiB, app: counter}
                recovery: {maxRestarts: 100, within: 10s}
                """);
        Map<String, String> given = new LinkedHashMap<>(); // typed -> its plan line, after the time
        given.put("kernel-panic sandbox=b site=app after=0s", "b: kernel-panic site=app (as given)");
        given.put("panic sandbox=b after=100ms", "b: kernel-panic site=");
        given.put("hang sandbox=c after=0s", "c: hang (as given)");
        given.put("bit-flip sandbox=d area=kernel offset=8 bit=3 after=0s", "d: bit-flip area=kernel offset=8 bit=3 (as given)");
        given.put("bit-flip sandbox=d after=200ms", "d: bit-flip area=");
        given.put("wild-write sandbox=b distance=64 after=200ms", "b: wild-write distance=64 (as given)");
        given.put("wild-write sandbox=c after=400ms", "c: wild-write distance=");
        given.put("core-fail-stop core=4 after=0s", "core-4: core-fail-stop (as given)");
        given.put("device-failure device=clock mode=error after=0s", "clock: device-failure mode=error (as given)");
        given.put("device-failure device=clock after=200ms", "clock: device-failure mode=");
        given.put("driver-bug sandbox=a hangs=false after=400ms", "a: driver-bug hangs=false (as given)");
        given.put("driver-bug sandbox=a after=600ms", "a: driver-bug hangs=");
        List<String> args = new ArrayList<>(List.of("run", "--config", config.toString(), "--duration", "1s", "--seed", "7"));
        given.keySet().forEach(typed -> args.addAll(List.of("--inject", typed)));
        Result r = bulwark(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.out() + r.err());
        List<String> plan = r.out().lines().filter(l -> l.contains("  injection #")).toList();
        assertEquals(given.size(), plan.size(), r.out());
        given.forEach((typed, line) -> assertTrue(plan.stream().anyMatch(l -> l.contains(line)), line + " in " + plan));
        assertTrue(plan.stream().anyMatch(l -> l.contains(" (drawn from seed 7: site)")), plan.toString());
        assertTrue(plan.stream().anyMatch(l -> l.contains(" (drawn from seed 7: area, offset, bit)")), plan.toString());
        assertTrue(plan.stream().anyMatch(l -> l.contains(" (drawn from seed 7: mode)")), plan.toString());
        for (int n = 1; n <= given.size(); n++) {
            String injected = "fault #" + n + " injected: ";
            assertEquals(1, r.out().lines().filter(l -> l.contains(injected)).count(), injected + " in " + r.out());
        }
        // the plan says what each will be, and each is injected as planned
        for (String line : plan) {
            String fault = line.replaceFirst(".*injection #(\\d+) at \\S+: ", "").replaceFirst(" \\(.*", "");
            String number = line.replaceFirst(".*injection #(\\d+) .*", "$1");
            String target = fault.substring(0, fault.indexOf(':'));
            assertTrue(r.out().contains(target + ": fault #" + number + " injected: " + fault.substring(target.length() + 2)),
                    fault + " in " + r.out());
        }
    }

    @Test
    void aBadInjectionGetsOneLineNamingTheOptionAndTheValueAsTypedAndExits2(@TempDir Path dir) throws IOException {
        Path config = write(dir, "two.yaml", TWO_COUNTERS);
        Map<List<String>, String> cases = new LinkedHashMap<>();
        cases.put(List.of("--inject", "kernal-panic sandbox=a after=1s"), "unknown fault kind 'kernal-panic' (kinds: kernel-panic "
                + "(panic), hang, bit-flip, wild-write, core-fail-stop, device-failure, driver-bug, message-corruption, monitor-fault)");
        cases.put(List.of("--inject", "message-corruption channel=a->b after=1s"),
                "no target on this chip takes message-corruption: it has no channels");
        cases.put(List.of("--inject", "device-failure device=net mode=error after=2s"),
                "no target on this chip takes device-failure: it has no devices");
        cases.put(List.of("--inject", "hang sandbox=c after=1s"), "no sandbox named 'c' (sandboxes that take hang: a, b)");
        cases.put(List.of("--inject", "core-fail-stop core=2 after=3s"), "core must be a whole number from 0 to 1, not '2'");
        cases.put(List.of("--inject", "hang sandbox=a"),
                "after=TIME is missing: when to inject, counted from the moment every sandbox serves (after=2s)");
        cases.put(List.of("--duration", "1s", "--inject", "hang sandbox=a after=0s", "--inject", "hang sandbox=b after=1s"),
                "after=1s is not before the end of the run (--duration 1s): give a longer --duration or an earlier after");
        cases.put(List.of("--inject", "bit-flip sandbox=a area=kernel offset=4000 after=1s"),
                "offset 4000 is past the end of a's kernel data (56 bytes: offsets 0 to 55)");
        cases.forEach((options, problem) -> {
            List<String> args = new ArrayList<>(List.of("run", "--config", config.toString()));
            args.addAll(options);
            Result r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> bulwark(args.toArray(String[]::new)));
            assertEquals(2, r.exit(), args + ": " + r.out() + r.err());
            assertEquals(List.of("bulwark run: --inject: invalid injection '" + options.getLast() + "': " + problem,
                    "Try 'bulwark run --help' for more information."), r.err().lines().toList(), args.toString());
            assertEquals("", r.out(), args.toString());
        });
    }

    @Test
    void theCommandListSummarisesEachCommandInAWholeSentence() {
        List<String> lines = bulwark("--help").out().lines().toList();
        Map<String, String> summaries = new LinkedHashMap<>();
        String command = null;
        Pattern entry = Pattern.compile("  (\\S+)\\s+(.*)");
        for (String line : lines.subList(lines.indexOf("Commands:") + 1, lines.size())) {
            Matcher m = entry.matcher(line);
            if (m.matches()) {
                command = m.group(1);
                summaries.put(command, m.group(2));
            } else if (line.startsWith("    ") && command != null) {
                summaries.merge(command, " " + line.strip(), String::concat);
            } else {
                break;
            }
        }
        assertEquals(Set.of("demo", "run", "drill", "help"), summaries.keySet(), lines.toString());
        summaries.forEach((name, summary) -> assertTrue(summary.matches("[A-Z][^.]*\\."), name + ": " + summary));
    }

    @Test
    void everyHelpDocumentsTheExitCodes() {
        for (String[] args : new String[][] {{"--help"}, {"run", "--help"}, {"demo", "--help"}, {"help", "run"}}) {
            Result help = bulwark(args);
            assertEquals(0, help.exit(), Arrays.toString(args));
            String text = help.out();
            assertTrue(text.contains("Exit codes:"), text);
            for (String code : List.of("0", "1", "2", "3", "129", "130", "141", "143")) {
                assertTrue(text.lines().anyMatch(l -> l.startsWith("  " + code + " ")), code + " in: " + text);
            }
        }
    }

    @Test
    void runsHelpSaysWhatItPrints() {
        String help = bulwark("help", "run").out();
        assertFalse(help.contains("status line per sandbox"), help);
        assertTrue(help.contains("one status line"), help);
        assertTrue(help.contains("--inject=FAULT") && help.contains("--seed=N"), help);
    }

    @Test
    void theVerboseDemoPrintsEveryLineWhole() {
        Result r = bulwark("demo", "-v", "--rounds", "2");
        assertEquals(0, r.exit(), r.out() + r.err());
        Pattern event = Pattern.compile(" *\\d+\\.\\d{3} ms  [^ ].*");
        Pattern fault = Pattern.compile("\\[\\d] (kernel panic|hang|bit flip in kernel data) +-> detected by .* messages");
        long faults = 0;
        for (String line : r.out().lines().toList()) {
            if (line.contains(" ms  ")) {
                assertTrue(event.matcher(line).matches(), "event line not whole: " + line);
            }
            if (line.contains("-> detected by")) {
                assertTrue(fault.matcher(line).matches(), "fault line not whole: " + line);
                faults++;
            }
        }
        assertEquals(6, faults, r.out());
    }

    @Test
    void helpAndVersion() {
        Result help = bulwark("--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("demo") && help.out().contains("run"), help.out());
        Result runHelp = bulwark("run", "--help");
        assertTrue(runHelp.out().contains("--config") && runHelp.out().contains("--duration"), runHelp.out());
        Result version = bulwark("--version");
        assertEquals(0, version.exit());
        assertTrue(version.out().startsWith("bulwark 0."), version.out());
    }
}
