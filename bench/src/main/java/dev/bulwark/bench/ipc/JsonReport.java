package dev.bulwark.bench.ipc;

import dev.bulwark.bench.transport.Transport;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run as JSON ({@code --json}): the host, the threads, the plan, each transport's note, and per transport
 * and payload every figure. Times are nanoseconds; a figure that does not exist is {@code null}.
 * <pre>
 * { "host": {...}, "threads": {...}, "run": {...}, "notes": {"raw": "..."},
 *   "results": [ { "transport": "jctools", "payloadBytes": 16, "carriedBytes": 16,
 *                  "roundTrip": { "perRound", "samples", "p50Ns", "p90Ns", "p99Ns", "p999Ns", "maxNs", "meanNs", "p50VsRaw" },
 *                  "oneWay": { "perRound", "messages", "messagesPerSecond", "megabytesPerSecond", "vsDisruptor",
 *                              "roundMessagesPerSecond": [...] } or null } ] }
 * </pre>
 */
final class JsonReport {
    private JsonReport() {
    }

    static String render(IpcBench.Outcome outcome, List<Row> rows) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("benchmark", "bulwark bench ipc");
        root.put("host", host(outcome.host()));
        root.put("threads", threads(outcome.pinning()));
        root.put("run", run(outcome));
        Map<String, Object> notes = new LinkedHashMap<>();
        for (Transport t : outcome.plan().transports()) {
            notes.put(t.name(), t.note());
        }
        root.put("notes", notes);
        root.put("results", rows.stream().map(row -> result(row, outcome.plan())).toList());
        return Json.render(root);
    }

    private static Map<String, Object> host(Host host) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu", host.cpu());
        m.put("cpus", host.cpus());
        m.put("os", host.os());
        m.put("jdk", host.jdk());
        m.put("jdkVendor", host.jdkVendor());
        m.put("clockReadNs", host.clockReadNanos());
        return m;
    }

    private static Map<String, Object> threads(Pinning pinning) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pinRequested", pinning.asked());
        m.put("pinned", pinning.pinned());
        m.put("initiatorCpu", pinning.initiator() != null && pinning.initiator().pinned() ? pinning.initiator().cpu() : null);
        m.put("responderCpu", pinning.responder() != null && pinning.responder().pinned() ? pinning.responder().cpu() : null);
        m.put("description", pinning.describe());
        return m;
    }

    private static Map<String, Object> run(IpcBench.Outcome outcome) {
        Plan plan = outcome.plan();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rounds", outcome.rounds());
        m.put("roundsPlanned", plan.rounds());
        m.put("interrupted", outcome.interrupted());
        m.put("roundTripsPerRound", plan.roundTrips());
        m.put("messagesPerRound", plan.messages());
        m.put("warmupRoundTrips", plan.warmupRoundTrips());
        m.put("warmupMessages", plan.warmupMessages());
        m.put("payloadBytesCap", plan.payloadBytesCap() == Plan.UNCAPPED ? null : plan.payloadBytesCap());
        m.put("queueCapacity", plan.capacity());
        m.put("payloads", plan.payloads());
        m.put("transports", plan.transports().stream().map(Transport::name).toList());
        return m;
    }

    private static Map<String, Object> result(Row row, Plan plan) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("transport", row.transport());
        m.put("payloadBytes", row.payload());
        m.put("carriedBytes", row.carried());
        Map<String, Object> rtt = new LinkedHashMap<>();
        rtt.put("perRound", plan.roundTripsAt(row.payload()));
        rtt.put("samples", row.samples());
        rtt.put("p50Ns", row.p50());
        rtt.put("p90Ns", row.p90());
        rtt.put("p99Ns", row.p99());
        rtt.put("p999Ns", row.p999());
        rtt.put("maxNs", row.max());
        rtt.put("meanNs", row.meanNanos());
        rtt.put("p50VsRaw", row.rttVsRaw());
        m.put("roundTrip", rtt);
        if (row.roundRates().isEmpty()) {
            m.put("oneWay", null);
        } else {
            Map<String, Object> oneWay = new LinkedHashMap<>();
            oneWay.put("perRound", plan.messagesAt(row.payload()));
            oneWay.put("messages", row.messages());
            oneWay.put("messagesPerSecond", row.messagesPerSecond());
            oneWay.put("megabytesPerSecond", row.megabytesPerSecond());
            oneWay.put("vsDisruptor", row.vsDisruptor());
            oneWay.put("roundMessagesPerSecond", row.roundRates());
            m.put("oneWay", oneWay);
        }
        return m;
    }
}
