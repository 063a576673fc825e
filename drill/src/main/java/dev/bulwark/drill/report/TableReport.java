package dev.bulwark.drill.report;

import dev.bulwark.drill.CommitAudit;
import dev.bulwark.drill.DrillReport;
import dev.bulwark.drill.Outcome;
import dev.bulwark.drill.Summary;
import dev.bulwark.drill.VariantFigures;
import dev.bulwark.drill.workload.LoadFigures;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;

/**
 * The terminal table of a drill: what it takes to rerun it, then one row per fault kind and scheme variant with
 * its outcome counts and its latency percentiles in milliseconds ({@code -} where no injection had one), then
 * the total, then each variant's load figures and audit of output commit ({@link #variantLines}), then, if the
 * drill ended early (its watchdog, a signal), why and what it was waiting for.
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
        if (!r.figures().isEmpty()) {
            out.println();
            variantLines(r).forEach(out::println);
        }
        if (r.stuck() != null) {
            out.println("ended early: " + r.stuck());
        }
        out.flush();
        return text.toString().replace(System.lineSeparator(), "\n");
    }

    /**
     * The per-variant section: one row per variant with its load figures (where the drill measured a load), its
     * throughput against the baseline's, and its audit of output commit; then what the columns mean, and any
     * load whose replies were not all as asked.
     *
     * <pre>
     * variant       epoch  in flight  ops/s  vs none  overhead  p50 ms  p99 ms  bdp  rollbacks  replayed  escaped  lost writes
     * none              -       1024  61234    1.000      0.0%    0.52    1.93  532          0         0        0            0
     * rollback 5ms   5.00       1024  58000    0.947      5.3%    6.01    9.80  838         12       345        0            0
     * </pre>
     */
    public static List<String> variantLines(DrillReport r) {
        VariantFigures baseline = r.baseline();
        TextTable table = new TextTable(variantHeader(baseline), variantAlignment(baseline));
        r.figures().forEach(f -> table.row(variantCells(f, baseline)));
        List<String> lines = new ArrayList<>(table.lines());
        lines.addAll(variantNotes(r));
        return lines;
    }

    /** What the per-variant columns mean, and each load whose replies were not all as asked; the HTML page's too. */
    static List<String> variantNotes(DrillReport r) {
        VariantFigures baseline = r.baseline();
        List<String> lines = new ArrayList<>();
        if (baseline != null) {
            lines.add("load: " + baseline.load().shape() + ", on a fault-free chip of each variant; ops/s and latency "
                    + "(ms, a command's send to its reply) over the window; vs " + baseline.variant() + " = ops/s over "
                    + baseline.variant() + "'s, measured in the same run; 1-deep = one command at a time after the "
                    + "window, on a connection of its own (the round trip without the load's queue)");
            lines.add("bdp = " + baseline.variant() + "'s ops/s x (its 1-deep p50 + the epoch): the commands a window "
                    + "must keep in flight to keep " + baseline.variant() + "'s throughput (in flight >= bdp: covered)");
            for (VariantFigures f : r.figures()) {
                if (f.load() != null && !f.load().clean()) {
                    lines.add("load of " + f.variant() + ": " + f.load().replies() + " of " + f.load().commands()
                            + " replies, " + f.load().errors() + " errors, " + f.load().wrong() + " wrong"
                            + (f.load().firstWrong() == null ? "" : ": " + f.load().firstWrong()));
                }
            }
        }
        lines.add("audit over the fault phase: escaped = outputs of rolled-back epochs published (must be 0), "
                + "lost writes = acknowledged writes a GET found lost (must be 0)");
        return lines;
    }

    /** The section's header: with the load's columns if {@code baseline} (a variant that measured one) is not null. */
    static List<String> variantHeader(VariantFigures baseline) {
        List<String> h = new ArrayList<>(List.of("variant", "epoch"));
        if (baseline != null) {
            h.addAll(List.of("in flight", "ops/s", "vs " + baseline.variant(), "overhead", "p50 ms", "p99 ms",
                    "1-deep p50", "1-deep p99", "bdp"));
        }
        h.addAll(List.of("rollbacks", "replayed", "escaped", "lost writes"));
        return h;
    }

    private static boolean[] variantAlignment(VariantFigures baseline) {
        boolean[] numeric = new boolean[variantHeader(baseline).size()];
        Arrays.fill(numeric, 1, numeric.length, true);
        return numeric;
    }

    /** A variant's cells, as {@link #variantHeader} names them; the HTML page's table shares them. */
    static List<String> variantCells(VariantFigures f, VariantFigures baseline) {
        List<String> c = new ArrayList<>(List.of(f.variant(), f.epochNanos() == 0 ? "-" : Format.millis(f.epochNanos())));
        if (baseline != null) {
            LoadFigures load = f.load();
            c.add(load == null ? "-" : Integer.toString(load.inFlight()));
            c.add(load == null ? "-" : Format.rate(load.opsPerSecond()));
            c.add(Format.ratio(f.ratioTo(baseline)));
            c.add(Format.percent(f.overheadVs(baseline)));
            c.add(load == null ? "-" : Format.millis(load.p50Nanos()));
            c.add(load == null ? "-" : Format.millis(load.p99Nanos()));
            c.add(load == null ? "-" : Format.millis(load.idleP50Nanos()));
            c.add(load == null ? "-" : Format.millis(load.idleP99Nanos()));
            long bdp = f.bandwidthDelay(baseline);
            c.add(bdp < 0 ? "-" : Long.toString(bdp));
        }
        CommitAudit a = f.audit();
        c.addAll(List.of(Integer.toString(a.rollbacks()), Long.toString(a.replayed()), Long.toString(a.escaped()),
                Long.toString(a.lostWrites())));
        return c;
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
