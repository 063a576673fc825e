package dev.bulwark.bench.ipc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The run as CSV ({@code --csv}): a header line, then one line per transport and payload with every figure,
 * and the host and thread columns repeated on each line, so that the CSV of several runs concatenate into one
 * table. Times are nanoseconds; a figure that does not exist is an empty field.
 */
final class CsvReport {
    static final List<String> COLUMNS = List.of(
            "transport", "payload_bytes", "carried_bytes",
            "rtt_samples", "rtt_p50_ns", "rtt_p90_ns", "rtt_p99_ns", "rtt_p999_ns", "rtt_max_ns", "rtt_mean_ns",
            "rtt_p50_vs_raw",
            "oneway_messages", "oneway_msgs_per_s", "oneway_mb_per_s", "oneway_vs_disruptor",
            "rounds", "round_trips_per_round", "messages_per_round", "queue_capacity",
            "cpu", "cpus", "os", "jdk", "jdk_vendor", "clock_read_ns", "pinned", "threads");

    private CsvReport() {
    }

    static String render(IpcBench.Outcome outcome, List<Row> rows) {
        StringBuilder out = new StringBuilder(String.join(",", COLUMNS)).append('\n');
        Host host = outcome.host();
        Plan plan = outcome.plan();
        for (Row row : rows) {
            List<String> fields = new ArrayList<>();
            fields.add(field(row.transport()));
            fields.add(Integer.toString(row.payload()));
            fields.add(Integer.toString(row.carried()));
            fields.add(Long.toString(row.samples()));
            for (long value : new long[] {row.p50(), row.p90(), row.p99(), row.p999(), row.max()}) {
                fields.add(Long.toString(value));
            }
            fields.add(number(row.meanNanos()));
            fields.add(number(row.rttVsRaw()));
            fields.add(row.roundRates().isEmpty() ? "" : Long.toString(row.messages()));
            fields.add(number(row.messagesPerSecond()));
            fields.add(number(row.megabytesPerSecond()));
            fields.add(number(row.vsDisruptor()));
            fields.add(Integer.toString(outcome.rounds()));
            fields.add(Integer.toString(plan.roundTripsAt(row.payload())));
            fields.add(Long.toString(plan.messagesAt(row.payload())));
            fields.add(Integer.toString(plan.capacity()));
            fields.add(field(host.cpu()));
            fields.add(Integer.toString(host.cpus()));
            fields.add(field(host.os()));
            fields.add(field(host.jdk()));
            fields.add(field(host.jdkVendor()));
            fields.add(number(host.clockReadNanos()));
            fields.add(Boolean.toString(outcome.pinning().pinned()));
            fields.add(field(outcome.pinning().describe()));
            out.append(String.join(",", fields)).append('\n');
        }
        return out.toString();
    }

    private static String number(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.3f", value) : "";
    }

    /** RFC 4180: quoted when it holds a comma, a quote or a line break; quotes doubled. */
    static String field(String text) {
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
