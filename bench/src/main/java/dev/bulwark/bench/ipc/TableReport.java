package dev.bulwark.bench.ipc;

import dev.bulwark.bench.transport.Transport;
import dev.bulwark.bench.transport.Transports;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/** The run as a person reads it: the header naming the host, a table per payload size, then the notes. */
final class TableReport {
    private static final String ROW = "  %-11s %9s %9s %9s %9s %11s %7s %10s %9s %7s";

    private TableReport() {
    }

    static void print(IpcBench.Outcome outcome, List<Row> rows, Consumer<String> out) {
        for (String line : header(outcome)) {
            out.accept(line);
        }
        for (int payload : outcome.plan().payloads()) {
            out.accept("");
            out.accept("payload " + payload + " B: round-trip time in ns (one message in flight; "
                    + format(outcome.plan().roundTripsAt(payload)) + " a round), and one-way throughput (a queue of "
                    + format(outcome.plan().capacity()) + "; " + format(outcome.plan().messagesAt(payload)) + " messages a round)");
            out.accept(String.format(Locale.ROOT, ROW, "transport", "p50", "p90", "p99", "p99.9", "max",
                    "× raw", "M msg/s", "MB/s", "× disr."));
            for (Row row : rows) {
                if (row.payload() == payload) {
                    out.accept(line(row));
                }
            }
        }
        out.accept("");
        for (String line : notes(outcome, rows)) {
            out.accept(line);
        }
    }

    /** The lines that say what was measured, where, and how. */
    static List<String> header(IpcBench.Outcome outcome) {
        Plan plan = outcome.plan();
        Host host = outcome.host();
        List<String> lines = new ArrayList<>();
        lines.add("Bulwark IPC benchmark: round-trip time with one message in flight, and one-way throughput through a "
                + "bounded queue, every transport measured in the same run on the same two threads");
        lines.add("  host     " + host.cpu() + ", " + host.cpus() + " CPUs, " + host.os());
        lines.add("  JDK      " + host.jdk() + " (" + host.jdkVendor() + ")");
        lines.add("  threads  " + outcome.pinning().describe());
        lines.add(String.format(Locale.ROOT, "  clock    System.nanoTime() takes %.0f ns here; each round-trip sample includes about one read",
                host.clockReadNanos()));
        lines.add(String.format(Locale.ROOT, "  run      %d round%s, interleaved (each round measures every transport once, in turn), "
                        + "after a warm-up of %s round trips and %s messages per transport and payload%s",
                outcome.rounds(), outcome.rounds() == 1 ? "" : "s", format(plan.warmupRoundTrips()),
                format(plan.warmupMessages()), plan.payloadBytesCap() == Plan.UNCAPPED ? ""
                        : "; at most " + bytes(plan.payloadBytesCap()) + " of payload per measurement, so large payloads "
                        + "get fewer round trips and messages"));
        if (outcome.interrupted()) {
            lines.add("  INTERRUPTED after " + outcome.rounds() + " of " + plan.rounds() + " rounds: the figures are from the "
                    + "rounds every transport completed");
        }
        return lines;
    }

    private static String line(Row row) {
        return String.format(Locale.ROOT, ROW, row.transport() + (row.carriesOtherPayload() ? " *" : ""),
                format(row.p50()), format(row.p90()), format(row.p99()), format(row.p999()), format(row.max()),
                ratio(row.rttVsRaw()), decimal(row.messagesPerSecond() / 1e6, 2), decimal(row.megabytesPerSecond(), 1),
                ratio(row.vsDisruptor()));
    }

    private static List<String> notes(IpcBench.Outcome outcome, List<Row> rows) {
        List<String> lines = new ArrayList<>();
        lines.add("Notes");
        for (Transport transport : outcome.plan().transports()) {
            if (!transport.note().isEmpty()) {
                boolean marked = rows.stream().anyMatch(r -> r.transport().equals(transport.name()) && r.carriesOtherPayload());
                lines.add("  " + transport.name() + (marked ? " *" : "") + ": " + transport.note() + ".");
            }
        }
        lines.add("  × raw: the row's p50 over raw's (1.00 is the host's limit; 2.00 takes twice as long). × disr.: the "
                + "row's messages per second over the " + Transports.THROUGHPUT_BASELINE + "'s (above 1.00 is faster). "
                + "Each ratio is taken within each round, against the baseline measured seconds apart, and the median "
                + "of the rounds shown. Throughput is the median of the rounds; MB = 10^6 bytes of payload.");
        return lines;
    }

    /** {@code n} bytes in the largest binary unit that divides it: 2 GiB, 512 MiB, 1000 B. */
    static String bytes(long n) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int unit = 0;
        while (unit < units.length - 1 && n % 1024 == 0 && n > 0) {
            n /= 1024;
            unit++;
        }
        return format(n) + " " + units[unit];
    }

    static String format(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String decimal(double value, int places) {
        return Double.isNaN(value) ? "—" : String.format(Locale.ROOT, "%,." + places + "f", value);
    }

    private static String ratio(double value) {
        return Double.isNaN(value) ? "—" : String.format(Locale.ROOT, "%.2f", value);
    }
}
