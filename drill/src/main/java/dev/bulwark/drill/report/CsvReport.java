package dev.bulwark.drill.report;

import dev.bulwark.drill.CommitAudit;
import dev.bulwark.drill.DrillReport;
import dev.bulwark.drill.Injection;
import dev.bulwark.drill.VariantFigures;
import dev.bulwark.drill.workload.LoadFigures;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * A drill as CSV (RFC 4180): a header row, then one record per injection in the order injected, lines ending in
 * CRLF. Every text field is quoted, a quote inside it doubled (fault descriptions hold commas, spaces and
 * quotes); numbers are bare. A field with nothing in it is empty and unquoted: a missing text (no detection, no
 * reason) and a latency that was not measured ({@link Injection#NONE}) alike, so a quoted empty field is an
 * empty text and never a missing one. A drill with per-variant figures (load, audit) writes them to a second file
 * beside it ({@link #figuresFile}): one record per variant.
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

    /** The header row of the per-variant figures ({@link #renderFigures}), in column order. */
    public static final List<String> FIGURE_COLUMNS = List.of("variant", "epoch_ns", "connections", "depth",
            "warmup_ns", "window_ns", "commands", "replies", "errors", "wrong", "measured", "ops_per_s",
            "ratio_to_baseline", "p50_ns", "p99_ns", "max_ns", "idle_p50_ns", "idle_p99_ns", "bandwidth_delay", "rollbacks", "replayed", "released",
            "escaped", "lost_writes");

    /**
     * Writes the injections to {@code file} and, if the drill has per-variant figures, those to
     * {@link #figuresFile}; returns the files written.
     */
    public static List<Path> write(DrillReport r, Path file) throws IOException {
        Files.writeString(file, render(r), StandardCharsets.UTF_8);
        if (r.figures().isEmpty()) {
            return List.of(file);
        }
        Path figures = figuresFile(file);
        Files.writeString(figures, renderFigures(r), StandardCharsets.UTF_8);
        return List.of(file, figures);
    }

    /** Where the figures of a drill whose injections go to {@code file} go: {@code out.csv} gives {@code out-variants.csv}. */
    public static Path figuresFile(Path file) {
        String name = file.getFileName().toString();
        String stem = name.toLowerCase(Locale.ROOT).endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
        return file.resolveSibling(stem + "-variants.csv");
    }

    /**
     * The per-variant figures as CSV, the same rules as the injections': a header, then one record per variant in
     * the order run; what was not measured (no load, no baseline) is an empty field. A ratio and a rate are
     * decimals with a point.
     */
    public static String renderFigures(DrillReport r) {
        VariantFigures baseline = r.baseline();
        StringBuilder b = new StringBuilder();
        b.append(String.join(",", FIGURE_COLUMNS)).append(CRLF);
        for (VariantFigures f : r.figures()) {
            StringJoiner line = new StringJoiner(",");
            line.add(quote(f.variant()));
            line.add(Long.toString(f.epochNanos()));
            LoadFigures l = f.load();
            line.add(l == null ? "" : Integer.toString(l.connections()));
            line.add(l == null ? "" : Integer.toString(l.depth()));
            line.add(l == null ? "" : Long.toString(l.warmupNanos()));
            line.add(l == null ? "" : Long.toString(l.windowNanos()));
            line.add(l == null ? "" : Long.toString(l.commands()));
            line.add(l == null ? "" : Long.toString(l.replies()));
            line.add(l == null ? "" : Long.toString(l.errors()));
            line.add(l == null ? "" : Long.toString(l.wrong()));
            line.add(l == null ? "" : Long.toString(l.measured()));
            line.add(l == null ? "" : decimal(l.opsPerSecond()));
            line.add(baseline == null ? "" : decimal(f.ratioTo(baseline)));
            line.add(l == null ? "" : nanos(l.p50Nanos()));
            line.add(l == null ? "" : nanos(l.p99Nanos()));
            line.add(l == null ? "" : nanos(l.maxNanos()));
            line.add(l == null ? "" : nanos(l.idleP50Nanos()));
            line.add(l == null ? "" : nanos(l.idleP99Nanos()));
            line.add(baseline == null ? "" : nanos(f.bandwidthDelay(baseline)));
            CommitAudit a = f.audit();
            line.add(Integer.toString(a.rollbacks()));
            line.add(Long.toString(a.replayed()));
            line.add(Long.toString(a.released()));
            line.add(Long.toString(a.escaped()));
            line.add(Long.toString(a.lostWrites()));
            b.append(line).append(CRLF);
        }
        return b.toString();
    }

    private static String decimal(double value) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.6f", value);
    }

    /** {@code "text"} with each {@code "} doubled; empty for null. */
    static String quote(String text) {
        return text == null ? "" : '"' + text.replace("\"", "\"\"") + '"';
    }

    private static String nanos(long nanos) {
        return nanos < 0 ? "" : Long.toString(nanos);
    }
}
