package dev.bulwark.bench.ipc;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.bulwark.bench.BenchMain;
import dev.bulwark.bench.transport.Transports;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bulwark bench ipc} as a user runs it: through the bench jar's command line. */
class IpcCommandTest {
    record Result(int exit, String out, String err) {
    }

    static Result bulwark(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = BenchMain.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    /** A run small enough for a test: 2 rounds of 200 round trips and 2,000 messages, two payloads. */
    private static final int ROUNDS = 2;
    private static final int ROUND_TRIPS = 200;
    private static final int MESSAGES = 2_000;
    private static final List<Integer> PAYLOADS = List.of(4, 1000);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--transports=raw,nope | --transports: unknown transport 'nope' (transports: raw, jctools, agrona, disruptor, abq, channel, sandbox, sandbox-idle)",
            "--payload=0           | --payload must be from 1 B to 64 KiB (65536), not '0'",
            "--payload=16,65537    | --payload must be from 1 B to 64 KiB (65536), not '65537'",
            "--payload=2MiB        | --payload must be from 1 B to 64 KiB (65536), not '2MiB'",
            "--payload=-5          | --payload: ",
            "--payload=lots        | --payload: ",
            "--rounds=0            | --rounds must be a whole number from 1 to 1000, not '0'",
            "--round-trips=x       | --round-trips must be a whole number from 1 to 1000000000, not 'x'",
            "--messages=0          | --messages must be a whole number from 1 to 1000000000, not '0'",
            "--warmup=-1           | --warmup must be a whole number from 0 to 100000000, not '-1'",
            "--json=/no/such/folder/ipc.json | --json: cannot write '/no/such/folder/ipc.json': no folder /no/such/folder",
            "--csv=/                | --csv: cannot write '/': it is a folder",
            "--json=                | --json: a file name cannot be empty",
            "--hdr-dir=/dev/null/hdr | --hdr-dir: cannot write in '/dev/null/hdr': /dev/null is not a folder",
            "--frobnicate           | unknown option '--frobnicate'",
    })
    void badFlagsExit2NamingTheFlagAndMeasureNothing(String arg, String expected) {
        Result r = bulwark("bench", "ipc", arg.strip());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().startsWith("bulwark bench ipc: " + expected.strip()), r.err());
        assertTrue(r.err().contains("Try 'bulwark bench ipc --help' for more information."), r.err());
        assertEquals("", r.out(), "nothing measured");
        for (String internal : List.of("Exception", "\tat ", "java.")) {
            assertFalse(r.err().contains(internal), "'" + internal + "' in: " + r.err());
        }
    }

    @Test
    void benchAloneAsksForItsCommand() {
        Result r = bulwark("bench");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("bulwark bench: missing required subcommand"), r.err());
    }

    @Test
    void helpListsEveryRowAndEndsWithTheExitCodes() {
        Result r = bulwark("bench", "ipc", "--help");
        assertEquals(0, r.exit());
        for (String name : Transports.names()) {
            assertTrue(r.out().replaceAll("\\s+", " ").contains(name + " ("), name + " in: " + r.out());
        }
        assertTrue(r.out().contains("Exit codes:") && r.out().contains("141  standard output was closed"), r.out());
        Result top = bulwark("--help");
        assertTrue(top.out().contains("  bench ") && top.out().contains("./bulwark bench ipc --help"), top.out());
    }

    @Test
    void aTinyRunPrintsAndWritesEveryRowAndFigure(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("ipc.json");
        Path csv = dir.resolve("ipc.csv");
        Path hdr = dir.resolve("hdr/logs"); // created by the run
        Result r = bulwark("bench", "ipc", "--rounds", "" + ROUNDS, "--round-trips", "" + ROUND_TRIPS,
                "--messages", "" + MESSAGES, "--warmup", "20", "--payload", "4,1000",
                "--json", json.toString(), "--csv", csv.toString(), "--hdr-dir", hdr.toString());
        assertEquals(0, r.exit(), r.err());

        List<String> lines = r.out().lines().toList();
        assertTrue(lines.getFirst().startsWith("Bulwark IPC benchmark"), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("  threads  not pinned")), r.out());
        for (int payload : PAYLOADS) {
            int heading = lines.indexOf(lines.stream().filter(l -> l.startsWith("payload " + payload + " B:")).findFirst().orElseThrow());
            List<String> table = lines.subList(heading + 2, heading + 2 + Transports.ALL.size());
            for (int i = 0; i < Transports.ALL.size(); i++) {
                String name = Transports.ALL.get(i).name();
                assertTrue(table.get(i).startsWith("  " + name + " "), "row " + name + " at " + payload + " B: " + table.get(i));
                assertEquals(10, table.get(i).replace(" *", "").strip().split(" +").length, "every column: " + table.get(i));
            }
            for (String numbered : List.of("channel", "sandbox", "sandbox-idle")) { // these carry the message number in 8 bytes
                String row = table.stream().filter(l -> l.startsWith("  " + numbered + " ")).findFirst().orElseThrow();
                assertEquals(payload < Long.BYTES, row.startsWith("  " + numbered + " *"), "marked where it carries more: " + row);
            }
        }
        assertTrue(r.out().contains("Wrote " + json + ", " + csv + ", " + Transports.ALL.size() * PAYLOADS.size() + " HdrHistogram logs in " + hdr), r.out());

        checkJson(json);
        checkCsv(csv);
        checkLogs(hdr);
    }

    private static void checkJson(Path file) throws IOException {
        JsonObject root = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        for (String key : List.of("cpu", "cpus", "os", "jdk", "jdkVendor", "clockReadNs")) {
            assertTrue(root.getAsJsonObject("host").has(key), "host." + key);
        }
        assertFalse(root.getAsJsonObject("threads").get("pinned").getAsBoolean());
        JsonObject run = root.getAsJsonObject("run");
        assertEquals(ROUNDS, run.get("rounds").getAsInt());
        assertFalse(run.get("interrupted").getAsBoolean());
        assertEquals(Plan.CAPACITY, run.get("queueCapacity").getAsInt());
        JsonArray results = root.getAsJsonArray("results");
        assertEquals(Transports.ALL.size() * PAYLOADS.size(), results.size());
        Set<String> seen = new HashSet<>();
        for (JsonElement e : results) {
            JsonObject result = e.getAsJsonObject();
            String name = result.get("transport").getAsString();
            seen.add(name + "@" + result.get("payloadBytes").getAsInt());
            JsonObject rtt = result.getAsJsonObject("roundTrip");
            assertEquals((long) ROUNDS * ROUND_TRIPS, rtt.get("samples").getAsLong(), name + ": every round trip recorded");
            long previous = 0;
            for (String p : List.of("p50Ns", "p90Ns", "p99Ns", "p999Ns", "maxNs")) {
                long value = rtt.get(p).getAsLong();
                assertTrue(value >= previous && value > 0, name + " " + p + " = " + value);
                previous = value;
            }
            assertTrue(rtt.get("meanNs").getAsDouble() > 0);
            assertTrue(rtt.get("p50VsRaw").getAsDouble() > 0);
            if (name.equals("raw")) {
                assertTrue(result.get("oneWay").isJsonNull(), "raw has no queue");
            } else {
                JsonObject oneWay = result.getAsJsonObject("oneWay");
                assertEquals((long) ROUNDS * MESSAGES, oneWay.get("messages").getAsLong());
                double rate = oneWay.get("messagesPerSecond").getAsDouble();
                assertTrue(rate > 0);
                assertEquals(rate * result.get("carriedBytes").getAsInt() / 1e6, oneWay.get("megabytesPerSecond").getAsDouble(), 0.01);
                assertTrue(oneWay.get("vsDisruptor").getAsDouble() > 0);
                assertEquals(ROUNDS, oneWay.getAsJsonArray("roundMessagesPerSecond").size());
            }
        }
        assertEquals(Transports.ALL.size() * PAYLOADS.size(), seen.size(), "each transport at each payload: " + seen);
        assertEquals(Transports.names(), root.getAsJsonObject("notes").keySet().stream().toList());
    }

    private static void checkCsv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        assertEquals(String.join(",", CsvReport.COLUMNS), lines.getFirst());
        assertEquals(1 + Transports.ALL.size() * PAYLOADS.size(), lines.size());
        for (String line : lines.subList(1, lines.size())) {
            List<String> fields = fields(line);
            assertEquals(CsvReport.COLUMNS.size(), fields.size(), line);
            boolean raw = fields.getFirst().equals("raw");
            for (int i = 1; i < fields.size(); i++) {
                String column = CsvReport.COLUMNS.get(i);
                boolean none = raw && (column.startsWith("oneway_"));
                assertEquals(none, fields.get(i).isEmpty(), column + " of " + line);
            }
            assertEquals(String.valueOf(ROUNDS * ROUND_TRIPS), fields.get(CsvReport.COLUMNS.indexOf("rtt_samples")));
        }
    }

    /** Splits one CSV line (RFC 4180 quoting). */
    private static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                field.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    private static void checkLogs(Path dir) throws IOException {
        for (String name : Transports.names()) {
            for (int payload : PAYLOADS) {
                Path log = dir.resolve("rtt-" + name + "-" + payload + "B.hlog");
                HistogramLogReader reader = new HistogramLogReader(log.toFile());
                long total = 0;
                int intervals = 0;
                for (EncodableHistogram h; (h = reader.nextIntervalHistogram()) != null; ) {
                    intervals++;
                    total += ((org.HdrHistogram.Histogram) h).getTotalCount();
                    assertTrue(h.getEndTimeStamp() >= h.getStartTimeStamp() && h.getStartTimeStamp() > 0, log + ": stamped");
                }
                assertEquals(ROUNDS, intervals, log + ": one interval per round");
                assertEquals((long) ROUNDS * ROUND_TRIPS, total, log + ": every round trip");
                assertTrue(reader.getStartTimeSec() > 0, log + ": the run's start time");
            }
        }
    }
}
