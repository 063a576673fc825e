package dev.bulwark.cli;

import com.google.gson.JsonParser;
import dev.bulwark.drill.Scenarios;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bulwark drill} end to end, in-process: listing, bad input (exit 2), expectations (exit 0 or 1), reports. */
class DrillCommandTest {
    @Test
    void listShowsEveryScenarioOnALine() {
        CliTest.Result r = CliTest.bulwark("drill", "--list");
        assertEquals(0, r.exit(), r.err());
        assertEquals(Scenarios.all().size(), r.out().lines().count(), r.out());
        for (String name : new String[] {"core-failure", "kernel-faults", "driver-failure", "containment", "campaign"}) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(name + " ")), name + " in " + r.out());
        }
    }

    @Test
    void helpNamesEveryOptionWithoutAFormattingComplaint() {
        CliTest.Result r = CliTest.bulwark("drill", "--help");
        assertEquals(0, r.exit());
        assertFalse(r.err().contains("WARN") || r.out().contains("WARN"), r.err());
        for (String option : new String[] {"--list", "--scenario", "--config", "--seed", "--faults", "--kinds", "--victims",
                "--expect", "--json", "--csv", "--html", "--no-progress"}) {
            assertTrue(r.out().contains(option), option);
        }
        assertTrue(r.out().contains("recovered>=99%,"), r.out());
    }

    @Test
    void badInputIsRefusedWithExit2NamingWhatWasWrong() {
        CliTest.Result unknown = CliTest.bulwark("drill", "--scenario", "nosuch");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("no scenario 'nosuch'") && unknown.err().contains("kernel-faults"), unknown.err());

        CliTest.Result none = CliTest.bulwark("drill");
        assertEquals(2, none.exit());
        assertTrue(none.err().contains("--list") && none.err().contains("--scenario"), none.err());

        CliTest.Result kind = CliTest.bulwark("drill", "--scenario", "kernel-faults", "--kinds", "panic,flood");
        assertEquals(2, kind.exit());
        assertTrue(kind.err().contains("no fault kind 'flood'"), kind.err());

        CliTest.Result untargeted = CliTest.bulwark("drill", "--scenario", "kernel-faults", "--kinds", "driver-bug", "--faults", "1");
        assertEquals(2, untargeted.exit(), untargeted.out() + untargeted.err());
        assertTrue(untargeted.err().contains("no target on this chip takes [driver-bug]"), untargeted.err());

        CliTest.Result expect = CliTest.bulwark("drill", "--scenario", "kernel-faults", "--expect", "recovered>=lots");
        assertEquals(2, expect.exit());
        assertTrue(expect.err().contains("is not an expectation"), expect.err());
        for (CliTest.Result r : new CliTest.Result[] {unknown, none, kind, untargeted, expect}) {
            assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        }
    }

    @Test
    void expectationsMetExitZeroAndAMissExitsOneNamingIt() {
        CliTest.Result met = CliTest.bulwark("drill", "--scenario", "kernel-faults", "--faults", "2", "--kinds", "hang", "--seed", "3",
                "--expect", "recovered+state-lost>=100%", "--expect", "no-verdict=0", "--expect", "detection.p50<=1s");
        assertEquals(0, met.exit(), met.out() + met.err());
        assertTrue(met.out().contains("met:    recovered+state-lost>=100%"), met.out());

        CliTest.Result missed = CliTest.bulwark("drill", "--scenario", "kernel-faults", "--faults", "2", "--kinds", "hang", "--seed", "3",
                "--expect", "masked>=50%", "--expect", "no-verdict=0");
        assertEquals(1, missed.exit(), missed.out() + missed.err());
        assertTrue(missed.out().contains("MISSED: masked>=50%: 0.00% (0 of 4 injections), expected >= 50%"), missed.out());
        assertTrue(missed.out().contains("met:    no-verdict=0"), missed.out());
    }

    @Test
    void reportsAreWrittenWhereAskedAndTheTableIsPrinted(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("out.json");
        Path csv = dir.resolve("out.csv");
        Path html = dir.resolve("out.html");
        CliTest.Result r = CliTest.bulwark("drill", "--scenario", "core-failure", "--faults", "3", "--seed", "7",
                "--json", json.toString(), "--csv", csv.toString(), "--html", html.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("core-fail-stop") && r.out().contains("total"), r.out());
        assertEquals(3, JsonParser.parseString(Files.readString(json)).getAsJsonObject().getAsJsonArray("injections").size());
        assertEquals(4, Files.readAllLines(csv).size(), "a header and three injections");
        var page = Jsoup.parse(Files.readString(html));
        assertEquals(3, page.select("canvas").size());
    }

    @Test
    void aUsersOwnConfigRunsWithTheWorkloadsItsAppsSupport(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("ring.yaml");
        Files.writeString(config, """
                chip: {cores: 4, memory: 16MiB}
                sandboxes:
                  - {name: ring-0, core: 0, memory: 1MiB, app: token-ring, params: {next: ring-1, leader: "true"}}
                  - {name: ring-1, core: 1, memory: 1MiB, app: token-ring, params: {next: ring-2}}
                  - {name: ring-2, core: 2, memory: 1MiB, app: token-ring, params: {next: ring-0}}
                channels:
                  - {from: ring-0, to: ring-1}
                  - {from: ring-1, to: ring-2}
                  - {from: ring-2, to: ring-0}
                detection: {heartbeatTimeout: 10ms, scrubPeriod: 1ms}
                recovery: {schemes: [microreboot, restart], maxRestarts: 1000, within: 1s}
                """);
        CliTest.Result r = CliTest.bulwark("drill", "--config", config.toString(), "--faults", "3", "--kinds", "panic,hang",
                "--victims", "ring-1", "--expect", "bystander-harmed+undetected-corruption=0");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("Bulwark drill ring.yaml: 3 injections"), r.out());
        CliTest.Result victim = CliTest.bulwark("drill", "--config", config.toString(), "--victims", "ring-9");
        assertEquals(2, victim.exit());
        assertTrue(victim.err().contains("no sandbox 'ring-9'"), victim.err());
    }

    /** The rows and their detection times; the outcomes are DrillMessageCorruptionTest's (on a chip a loaded host cannot fail). */
    @Test
    void messageCorruptionInTheKernelFaultsScenarioGetsARowPerVariantWithADetectionTime() {
        CliTest.Result r = CliTest.bulwark("drill", "--scenario", "kernel-faults", "--kinds", "message-corruption",
                "--faults", "1", "--expect", "detection.max<=60s");
        assertEquals(0, r.exit(), r.out() + r.err());
        List<String> rows = r.out().lines().filter(l -> l.startsWith("message-corruption")).toList();
        assertEquals(2, rows.size(), "one row per variant: " + r.out());
        for (String row : rows) {
            assertTrue(row.matches("message-corruption +\\S+ +1 +0 +[01] +0 +0 +0 +[01] +0 +[0-9.]+ +[0-9.]+ +- +- .*"), row);
        }
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }
}
