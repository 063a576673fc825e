package dev.bulwark.drill.report;

import dev.bulwark.drill.DrillReport;
import dev.bulwark.drill.Outcome;
import dev.bulwark.drill.Summary;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;

/**
 * The terminal table of a drill: what it takes to rerun it, then one row per fault kind and scheme variant with
 * its outcome counts and its latency percentiles in milliseconds ({@code -} where no injection had one), then
 * the total, then, if the drill ended early (its watchdog, a signal), why and what it was waiting for.
 *
 * <pre>
 * drill kv-basic  seed 42  config 3f1c0a9be2d4  bulwark 0.1.0
 * host h (Linux)  jdk Eclipse Adoptium 25  8 cpus  started 2025-01-01T00:00:00Z  took 12.3 s
 *
 * kind          scheme       injected  mask  recov  lost  stop  sdc  harm  nov  det p50  det p99  rcv p50  ...
 * ------------------------------------------------------------------------------------------------ ...
 * kernel-panic  microreboot        10     0     10     0     0    0     0    0     1.20     3.40    12.50  ...
 * </pre>
 *
 * {@link #outcomeLines} is the same table without the timings: two runs of one seed and config must print it
 * identically.
 */
public final class TableReport {
    private TableReport() {
    }

    public static void print(DrillReport r, PrintWriter out) {
        render(r).lines().forEach(out::println);
        out.flush();
    }

    /** The whole report as text, lines ending in {@code \n}. */
    public static String render(DrillReport r) {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        out.printf("drill %s  seed %d  config %s  bulwark %s%n",
                r.scenario(), r.seed(), Format.shortSha(r.configSha256()), r.version());
        out.printf("host %s  jdk %s  %d cpus  started %s  took %s%n",
                r.host(), r.jdk(), r.cpus(), r.started(), Format.seconds(r.took()));
        out.println();
        Summary summary = r.summary();
        TextTable table = new TextTable(header(true), alignment(true));
        summary.rows().forEach(row -> table.row(cells(row, true)));
        table.footer(cells(summary.total(), true));
        table.lines().forEach(out::println);
        out.println(legend());
        out.println("times in ms: det = injection to detection, rcv = detection to serving again, "
                + "int = the longest gap in the victim's service");
        if (!r.throughput().isEmpty()) {
            double base = r.throughput().getFirst().perSecond();
            out.println("fault-free throughput, before the first injection of each variant:");
            for (DrillReport.Throughput t : r.throughput()) {
                out.printf("  %-16s %s: %,d ops in %s = %,.0f ops/s%s%n", t.variant(), t.workload(), t.operations(),
                        Format.seconds(t.window()), t.perSecond(), t == r.throughput().getFirst() ? ""
                                : String.format(" (%+.1f%% vs %s)", 100 * (t.perSecond() / base - 1), r.throughput().getFirst().variant()));
            }
        }
        if (r.stuck() != null) {
            out.println("ended early: " + r.stuck());
        }
        out.flush();
        return text.toString().replace(System.lineSeparator(), "\n");
    }

    /**
     * The outcome table without timings: kind, scheme, injected and the count of each outcome class, per row and
     * in total. Two runs of one seed and config are reproducible when these lines are equal.
     */
    public static List<String> outcomeLines(DrillReport r) {
        Summary summary = r.summary();
        TextTable table = new TextTable(header(false), alignment(false));
        summary.rows().forEach(row -> table.row(cells(row, false)));
        table.footer(cells(summary.total(), false));
        return table.lines();
    }

    private static List<String> header(boolean timings) {
        List<String> h = new ArrayList<>(List.of("kind", "scheme", "injected"));
        for (Outcome o : Outcome.values()) {
            h.add(Format.shortName(o));
        }
        if (timings) {
            h.addAll(List.of("det p50", "det p99", "rcv p50", "rcv p99", "int p50", "int p99", "int max"));
        }
        return h;
    }

    private static boolean[] alignment(boolean timings) {
        boolean[] numeric = new boolean[3 + Outcome.values().length + (timings ? 7 : 0)];
        Arrays.fill(numeric, 2, numeric.length, true);
        return numeric;
    }

    /** A row's cells, the total's kind {@code total}; the HTML page's table shares them. */
    static List<String> cells(Summary.Row row, boolean timings) {
        List<String> c = new ArrayList<>();
        c.add(row.kind() == null ? "total" : row.kind().configName());
        c.add(row.variant() == null ? "" : row.variant());
        c.add(Integer.toString(row.injected()));
        for (Outcome o : Outcome.values()) {
            c.add(Integer.toString(row.count(o)));
        }
        if (timings) {
            c.add(Format.millis(row.detect().p50()));
            c.add(Format.millis(row.detect().p99()));
            c.add(Format.millis(row.recover().p50()));
            c.add(Format.millis(row.recover().p99()));
            c.add(Format.millis(row.interrupt().p50()));
            c.add(Format.millis(row.interrupt().p99()));
            c.add(Format.millis(row.interrupt().max()));
        }
        return c;
    }

    private static String legend() {
        StringJoiner j = new StringJoiner(", ");
        for (Outcome o : Outcome.values()) {
            j.add(Format.shortName(o) + " = " + o.configName());
        }
        return j.toString();
    }
}
