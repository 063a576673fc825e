package dev.bulwark.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    @Test
    void theDemoShowsEachFaultDetectedAndRecoveredWhileTheOthersRun() {
        Result r = bulwark("demo");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("kernel panic") && r.out().contains("-> detected by trap"), r.out());
        assertTrue(r.out().contains("hang") && r.out().contains("-> detected by heartbeat timeout"), r.out());
        assertTrue(r.out().contains("bit flip in kernel data") && r.out().contains("-> detected by kernel checksum"), r.out());
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
