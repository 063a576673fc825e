package dev.bulwark.drill.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.bulwark.drill.CommitAudit;
import dev.bulwark.drill.DrillReport;
import dev.bulwark.drill.VariantFigures;
import dev.bulwark.drill.workload.LoadFigures;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-variant section of every report format: each variant's load figures, its throughput against the
 * baseline's (the first variant, measured in the same run), the bandwidth-delay product, and its audit of output
 * commit; and a report without figures has no such section.
 */
class VariantFiguresReportTest {
    private static final long MS = Reports.MS;

    /**
     * none: 60000 ops/s at p50 0.5 ms, 0.2 ms one at a time; rollback 5ms: 57000 ops/s (0.95, a 5% overhead), 12
     * rollbacks, 1 escaped.
     */
    static DrillReport report() {
        DrillReport r = Reports.report();
        LoadFigures none = new LoadFigures(4, 256, 1_000 * MS, 3_000 * MS, 200_000, 200_000, 0, 0, null, 180_000,
                60_000, MS / 2, 2 * MS, 9 * MS, MS / 5, MS);
        LoadFigures epochs = new LoadFigures(4, 256, 1_000 * MS, 3_000 * MS, 190_000, 190_000, 0, 2,
                "connection 1: GET load-1-7 returned c1-9 but ...", 171_000, 57_000, 6 * MS, 11 * MS, 14 * MS, 5_500_000,
                8 * MS);
        return new DrillReport(r.scenario(), r.seed(), r.configSha256(), r.version(), r.host(), r.jdk(), r.cpus(),
                r.started(), r.took(), List.of("none", "rollback 5ms"), r.injections(), null, List.of(
                new VariantFigures("none", 0, none, CommitAudit.NONE),
                new VariantFigures("rollback 5ms", 5 * MS, epochs, new CommitAudit(12, 345, 3, 1, 0))));
    }

    @Test
    void theTableHasARowPerVariantWithItsFiguresAgainstTheBaselineAndItsAudit() {
        List<String> lines = TableReport.render(report()).lines().toList();
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("variant")).findFirst().orElseThrow());
        assertEquals(List.of("variant", "epoch", "in", "flight", "ops/s", "vs", "none", "overhead", "p50", "ms", "p99",
                "ms", "1-deep", "p50", "1-deep", "p99", "bdp", "rollbacks", "replayed", "escaped", "lost", "writes"),
                tokens(lines.get(header)));
        assertEquals(List.of("none", "-", "1024", "60000", "1.000", "0.0%", "0.500", "2.00", "0.200", "1.00", "12", "0",
                "0", "0", "0"), tokens(lines.get(header + 2)));
        // bdp: 60000 ops/s x (none's 1-deep 0.2 ms + 5 ms) = 312 commands in flight
        assertEquals(List.of("rollback", "5ms", "5.00", "1024", "57000", "0.950", "5.0%", "6.00", "11.00", "5.50", "8.00",
                "312", "12", "345", "1", "0"), tokens(lines.get(header + 3)));
        String text = String.join("\n", lines);
        assertTrue(text.contains("load: 4 connections x 256 commands in flight (1024), 1.0 s warm-up, 3.0 s window"), text);
        assertTrue(text.contains("load of rollback 5ms: 190000 of 190000 replies, 0 errors, 2 wrong: connection 1: GET"), text);
        assertTrue(text.contains("audit over the fault phase: escaped"), text);
    }

    @Test
    void aDrillWithoutFiguresHasNoVariantSection() {
        String text = TableReport.render(Reports.report());
        assertFalse(text.contains("rollbacks") || text.contains("audit over"), text);
    }

    @Test
    void jsonCarriesEveryFigureTheBaselineAndTheAudit() {
        JsonObject o = JsonParser.parseString(JsonReport.render(report())).getAsJsonObject();
        assertEquals("none", o.get("baseline").getAsString());
        JsonArray figures = o.getAsJsonArray("figures");
        assertEquals(2, figures.size());
        JsonObject epochs = figures.get(1).getAsJsonObject();
        assertEquals("rollback 5ms", epochs.get("variant").getAsString());
        assertEquals(5 * MS, epochs.get("epochNanos").getAsLong());
        assertEquals(57_000, epochs.getAsJsonObject("load").get("opsPerSecond").getAsDouble());
        assertEquals(1024, epochs.getAsJsonObject("load").get("inFlight").getAsInt());
        assertEquals(11 * MS, epochs.getAsJsonObject("load").get("p99Nanos").getAsLong());
        assertEquals(0.95, epochs.get("ratioToBaseline").getAsDouble(), 1e-12);
        assertEquals(0.05, epochs.get("overhead").getAsDouble(), 1e-12);
        assertEquals(312, epochs.get("bandwidthDelay").getAsLong());
        assertEquals(5_500_000, epochs.getAsJsonObject("load").get("idleP50Nanos").getAsLong());
        JsonObject audit = epochs.getAsJsonObject("audit");
        assertEquals(List.of(12L, 345L, 3L, 1L, 0L), List.of(audit.get("rollbacks").getAsLong(),
                audit.get("replayed").getAsLong(), audit.get("released").getAsLong(), audit.get("escaped").getAsLong(),
                audit.get("lostWrites").getAsLong()));
        assertTrue(JsonParser.parseString(JsonReport.render(Reports.report())).getAsJsonObject()
                .getAsJsonArray("figures").isEmpty());
    }

    @Test
    void csvWritesTheFiguresBesideTheInjections(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("out.csv");
        assertEquals(List.of(file, dir.resolve("out-variants.csv")), CsvReport.write(report(), file));
        List<List<String>> records = CsvReportTest.parse(Files.readString(dir.resolve("out-variants.csv")));
        assertEquals(CsvReport.FIGURE_COLUMNS, records.getFirst());
        assertEquals(3, records.size());
        List<String> epochs = records.get(2);
        assertEquals("\"rollback 5ms", epochs.get(0)); // quoted text keeps its mark
        assertEquals(Long.toString(5 * MS), epochs.get(CsvReport.FIGURE_COLUMNS.indexOf("epoch_ns")));
        assertEquals("57000.000000", epochs.get(CsvReport.FIGURE_COLUMNS.indexOf("ops_per_s")));
        assertEquals("0.950000", epochs.get(CsvReport.FIGURE_COLUMNS.indexOf("ratio_to_baseline")));
        assertEquals("1", epochs.get(CsvReport.FIGURE_COLUMNS.indexOf("escaped")));
        assertEquals("0", epochs.get(CsvReport.FIGURE_COLUMNS.indexOf("lost_writes")));
        assertEquals(List.of(file), CsvReport.write(Reports.report(), dir.resolve("out.csv")), "no figures, no second file");
    }

    @Test
    void htmlHasTheVariantTableWithTheTerminalTablesCells(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("out.html");
        HtmlReport.write(report(), file);
        Document page = Jsoup.parse(Files.readString(file));
        assertEquals(TableReport.variantHeader(report().baseline()), page.select("#variant-table thead th").eachText());
        Elements rows = page.select("#variant-table tbody tr");
        assertEquals(2, rows.size());
        assertEquals(TableReport.variantCells(report().figures().get(1), report().baseline()),
                rows.get(1).select("td").eachText());
        assertTrue(page.select("p.note").text().contains("bdp = none's ops/s x (its 1-deep p50"), page.select("p.note").text());
        assertTrue(Jsoup.parse(HtmlReport.render(Reports.report())).select("#variant-table").isEmpty());
    }

    private static List<String> tokens(String line) {
        return Arrays.asList(line.trim().split("\\s+"));
    }
}
