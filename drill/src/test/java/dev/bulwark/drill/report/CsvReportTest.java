package dev.bulwark.drill.report;

import dev.bulwark.drill.DrillReport;
import dev.bulwark.drill.Injection;
import dev.bulwark.drill.Outcome;
import dev.bulwark.hw.fault.FaultKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CSV report read back by an RFC 4180 reader: a header, one record per injection, every field as written,
 * commas, quotes and line breaks in the fault texts included.
 */
class CsvReportTest {
    @TempDir
    Path dir;

    @Test
    void everyInjectionRoundTripsThroughAnRfc4180Reader() throws IOException {
        List<Injection> injections = new ArrayList<>(Reports.injections());
        injections.add(new Injection(7, "restart", FaultKind.MESSAGE_CORRUPTION, "channel kv-0 -> kv-1", "kv-1",
                "frame 3, byte 9 \"flipped\"\r\nsecond line, too", 1, 900 * Reports.MS, 3, Outcome.NO_VERDICT, "",
                null, Injection.NONE, Injection.NONE, Injection.NONE, "waited 5 s for kv-1's checker"));
        DrillReport r = Reports.report(injections);
        Path file = dir.resolve("drill.csv");
        CsvReport.write(r, file);
        List<List<String>> records = parse(Files.readString(file));
        assertEquals(CsvReport.COLUMNS, records.getFirst());
        assertEquals(injections.size() + 1, records.size());
        for (int k = 0; k < injections.size(); k++) {
            assertEquals(injections.get(k), injection(records.get(k + 1)));
        }
    }

    @Test
    void textIsQuotedNumbersAreBareAndLinesEndInCrlf() {
        String csv = CsvReport.render(Reports.report());
        assertTrue(csv.startsWith("ordinal,variant,kind,"), csv);
        String[] lines = csv.split("\r\n", -1);
        assertEquals(Reports.injections().size() + 2, lines.length); // the header, the records, "" after the last CRLF
        assertTrue(lines[2].startsWith("2,\"restart\",\"kernel-panic\",\"sandbox kv-1\",\"kv-1\","
                + "\"panic in app, \"\"put\"\" handler\",7000000,"), lines[2]);
        assertTrue(lines[5].endsWith(",\"masked\",,,,,,"), lines[5]);
    }

    /** Reads a record the way a consumer would: an unquoted empty field is missing, a quoted one is text. */
    private static Injection injection(List<String> f) {
        return new Injection(Integer.parseInt(f.get(0)), text(f.get(1)), FaultKind.named(text(f.get(2))).orElseThrow(),
                text(f.get(3)), text(f.get(4)), text(f.get(5)), Long.parseLong(f.get(6)), Long.parseLong(f.get(7)),
                Integer.parseInt(f.get(8)), Outcome.named(text(f.get(9))).orElseThrow(), text(f.get(10)),
                text(f.get(11)), nanos(f.get(12)), nanos(f.get(13)), nanos(f.get(14)), text(f.get(15)));
    }

    /** The parser keeps a quoted field's quotes as a leading {@code "} marker so a missing text can be told apart. */
    private static String text(String field) {
        return field.isEmpty() ? null : field.substring(1);
    }

    private static long nanos(String field) {
        return field.isEmpty() ? Injection.NONE : Long.parseLong(field);
    }

    /**
     * RFC 4180: records end in CRLF; a field is bare (no quotes, commas or line breaks) or quoted, with a quote
     * doubled inside. A quoted field comes back with one leading {@code "} as its mark.
     */
    static List<List<String>> parse(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"' && field.isEmpty()) {
                field.append('"');
                i++;
                while (true) {
                    char q = text.charAt(i++);
                    if (q == '"') {
                        if (i < text.length() && text.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        field.append(q);
                    }
                }
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
                i++;
            } else if (c == '\r' && text.startsWith("\r\n", i)) {
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
                i += 2;
            } else {
                if (c == '"' || c == '\r' || c == '\n') {
                    throw new AssertionError("bare " + (int) c + " at " + i);
                }
                field.append(c);
                i++;
            }
        }
        if (!field.isEmpty() || !record.isEmpty()) {
            throw new AssertionError("the last record does not end in CRLF");
        }
        return records;
    }
}
