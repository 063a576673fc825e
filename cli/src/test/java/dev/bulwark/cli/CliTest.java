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

    private static Result bulwark(String... args) {
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
        assertTrue(r.out().contains("b: stopped: restart intensity exceeded"), r.out());
        Map<String, String> rows = new LinkedHashMap<>();
        r.out().lines().filter(l -> l.matches("  [ab] +\\d+ .*")).forEach(l -> rows.put(l.substring(2, 3), l));
        assertTrue(rows.get("a").contains("shut down") && rows.get("a").contains("the run ended"), rows.toString());
        assertTrue(rows.get("b").contains("STOPPED") && rows.get("b").contains("restart intensity exceeded: more than 1 restarts"),
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
        assertTrue(r.out().contains("ring-1 (token-ring): ") && r.out().contains(" hops after 3 restarts"), r.out());
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
        cases.put(List.of("run", "-c", "x.yaml", "--seed", "1"), "bulwark run: unknown option '--seed'");
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
        assertEquals(Set.of("demo", "run", "help"), summaries.keySet(), lines.toString());
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
        assertFalse(help.contains("--seed"), help);
        assertTrue(help.contains("one status line"), help);
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
