package dev.bulwark.drill.report;

import dev.bulwark.drill.DrillReport;
import dev.bulwark.drill.Injection;
import dev.bulwark.drill.Outcome;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The terminal table: its header, its rows' counts and milliseconds, the total, the watchdog's line. */
class TableReportTest {
    @Test
    void headerNamesWhatItTakesToRerunAndToReadTheTimings() {
        List<String> lines = TableReport.render(Reports.report()).lines().toList();
        assertEquals("drill kv-basic  seed 42  config 3f1c0a9be2d4  bulwark 0.1.0", lines.get(0));
        assertEquals("host lab-1 (Linux 6.8)  jdk Eclipse Adoptium 25+36  8 cpus  started 2025-06-01T10:00:00Z"
                + "  took 12.3 s", lines.get(1));
    }

    @Test
    void oneRowPerKindAndVariantWithCountsAndMillisecondsThenTheTotal() {
        String text = TableReport.render(Reports.report());
        assertEquals(List.of("kind", "scheme", "injected", "mask", "recov", "lost", "stop", "sdc", "harm", "nov",
                "det", "p50", "det", "p99", "rcv", "p50", "rcv", "p99", "int", "p50", "int", "p99", "int", "max"),
                tokens(line(text, "kind")));
        assertEquals(List.of("kernel-panic", "restart", "2", "0", "1", "1", "0", "0", "0", "0",
                "2.00", "3.00", "40.00", "60.00", "45.00", "66.00", "66.00"), tokens(line(text, "kernel-panic  restart")));
        assertEquals(List.of("kernel-panic", "microreboot", "2", "0", "1", "0", "1", "0", "0", "0",
                "0.250", "1.50", "1.20", "1.20", "3.00", "1200", "1200"), tokens(line(text, "kernel-panic  micro")));
        // Nothing detected, nothing recovered: the latencies are absent, not zero.
        assertEquals(List.of("bit-flip", "restart", "2", "1", "0", "0", "0", "1", "0", "0",
                "-", "-", "-", "-", "12.00", "12.00", "12.00"), tokens(line(text, "bit-flip")));
        assertEquals(List.of("total", "6", "1", "2", "1", "1", "1", "0", "0",
                "1.50", "3.00", "40.00", "60.00", "45.00", "1200", "1200"), tokens(line(text, "total")));
        assertFalse(text.contains("ended early"), text);
    }

    @Test
    void columnsLineUpAndTheTotalSitsBelowARule() {
        List<String> table = TableReport.outcomeLines(Reports.report());
        int width = table.get(1).length();
        assertTrue(table.get(1).matches("-+"), table.get(1));
        assertEquals(table.get(1), table.get(table.size() - 2));
        // Right-aligned counts: every row's "mask" count ends where the header's "mask" does.
        int maskEnd = table.getFirst().indexOf("mask") + "mask".length();
        for (String row : List.of(table.get(2), table.get(3), table.get(4), table.getLast())) {
            assertTrue(row.length() <= width, row);
            assertTrue(Character.isDigit(row.charAt(maskEnd - 1)) && row.charAt(maskEnd) == ' ', row);
        }
    }

    @Test
    void aStuckDrillSaysWhatTheWatchdogFoundItWaitingFor() {
        DrillReport r = Reports.report(Reports.injections(),
                "the watchdog ended the drill after 60000 ms without a verdict, waiting for kv-1 to serve again");
        StringWriter out = new StringWriter();
        TableReport.print(r, new PrintWriter(out));
        assertTrue(out.toString().contains("ended early: the watchdog ended the drill after 60000 ms without a verdict, "
                + "waiting for kv-1 to serve again"), out.toString());
    }

    @Test
    void theTableWithoutTimingsIsTheSameForTwoRunsThatDifferOnlyInTimings() {
        List<Injection> first = Reports.injections();
        List<Injection> second = Reports.retimed(first);
        assertNotEquals(TableReport.render(Reports.report(first)), TableReport.render(Reports.report(second)));
        assertEquals(TableReport.outcomeLines(Reports.report(first)),
                TableReport.outcomeLines(Reports.report(second)));
        assertEquals(List.of("kind", "scheme", "injected", "mask", "recov", "lost", "stop", "sdc", "harm", "nov"),
                tokens(TableReport.outcomeLines(Reports.report(first)).getFirst()));
    }

    @Test
    void theTableWithoutTimingsHoldsTheCountsOfEachRowAndTheTotal() {
        List<String> lines = TableReport.outcomeLines(Reports.report());
        assertEquals(7, lines.size(), String.join("\n", lines)); // header, rule, three rows, rule, total
        assertEquals(List.of(
                List.of("kernel-panic", "restart", "2", "0", "1", "1", "0", "0", "0", "0"),
                List.of("kernel-panic", "microreboot", "2", "0", "1", "0", "1", "0", "0", "0"),
                List.of("bit-flip", "restart", "2", "1", "0", "0", "0", "1", "0", "0"),
                List.of("total", "6", "1", "2", "1", "1", "1", "0", "0")),
                List.of(tokens(lines.get(2)), tokens(lines.get(3)), tokens(lines.get(4)), tokens(lines.get(6))));
    }

    @Test
    void theTableWithoutTimingsDiffersWhenOneOutcomeDiffers() {
        List<Injection> first = Reports.injections();
        List<Injection> second = new ArrayList<>(first);
        second.set(1, Reports.withOutcome(first.get(1), Outcome.RECOVERED));
        assertNotEquals(TableReport.outcomeLines(Reports.report(first)),
                TableReport.outcomeLines(Reports.report(second)));
    }

    @Test
    void millisecondsKeepSensiblePrecision() {
        assertEquals("-", Format.millis(Injection.NONE));
        assertEquals("0.000", Format.millis(0));
        assertEquals("0.042", Format.millis(42_000));
        assertEquals("1.23", Format.millis(1_234_000));
        assertEquals("999.99", Format.millis(999_990_000));
        assertEquals("2315", Format.millis(2_315_400_000L));
    }

    private static String line(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no line starting " + prefix + " in\n" + text));
    }

    private static List<String> tokens(String line) {
        return Arrays.asList(line.trim().split("\\s+"));
    }
}
