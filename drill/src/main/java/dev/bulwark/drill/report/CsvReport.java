package dev.bulwark.drill.report;

import dev.bulwark.drill.DrillReport;
import dev.bulwark.drill.Injection;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.StringJoiner;

/**
 * A drill as CSV (RFC 4180): a header row, then one record per injection in the order injected, lines ending in
 * CRLF. Every text field is quoted, a quote inside it doubled (fault descriptions hold commas, spaces and
 * quotes); numbers are bare. A field with nothing in it is empty and unquoted: a missing text (no detection, no
 * reason) and a latency that was not measured ({@link Injection#NONE}) alike, so a quoted empty field is an
 * empty text and never a missing one.
 */
public final class CsvReport {
    /** The header row's names, in column order. */
    public static final List<String> COLUMNS = List.of("ordinal", "variant", "kind", "target", "victim", "fault",
            "offset_ns", "at_ns", "chip", "outcome", "detection", "scheme", "detect_ns", "recover_ns",
            "interrupt_ns", "reason");

    private static final String CRLF = "\r\n";

    private CsvReport() {
    }

    public static String render(DrillReport r) {
        StringBuilder b = new StringBuilder();
        b.append(String.join(",", COLUMNS)).append(CRLF);
        for (Injection i : r.injections()) {
            StringJoiner line = new StringJoiner(",");
            line.add(Integer.toString(i.ordinal()));
            line.add(quote(i.variant()));
            line.add(quote(i.kind().configName()));
            line.add(quote(i.target()));
            line.add(quote(i.victim()));
            line.add(quote(i.fault()));
            line.add(Long.toString(i.offsetNanos()));
            line.add(Long.toString(i.atNanos()));
            line.add(Integer.toString(i.chip()));
            line.add(quote(i.outcome().configName()));
            line.add(quote(i.detection()));
            line.add(quote(i.scheme()));
            line.add(nanos(i.detectNanos()));
            line.add(nanos(i.recoverNanos()));
            line.add(nanos(i.interruptNanos()));
            line.add(quote(i.reason()));
            b.append(line).append(CRLF);
        }
        return b.toString();
    }

    public static void write(DrillReport r, Path file) throws IOException {
        Files.writeString(file, render(r), StandardCharsets.UTF_8);
    }

    /** {@code "text"} with each {@code "} doubled; empty for null. */
    static String quote(String text) {
        return text == null ? "" : '"' + text.replace("\"", "\"\"") + '"';
    }

    private static String nanos(long nanos) {
        return nanos < 0 ? "" : Long.toString(nanos);
    }
}
