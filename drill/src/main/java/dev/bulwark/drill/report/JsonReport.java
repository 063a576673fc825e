package dev.bulwark.drill.report;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.bulwark.drill.DrillReport;
import dev.bulwark.drill.Injection;
import dev.bulwark.drill.Outcome;
import dev.bulwark.drill.Summary;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A drill as JSON: the run's metadata, the summary's rows and total, and every injection with every field.
 * Built as a Gson tree by hand, so nothing is reflected on and the field names are the format, not the records'.
 *
 * <pre>
 * { "format": "bulwark-drill/1", "scenario", "seed", "configSha256", "version", "host", "jdk", "cpus",
 *   "started" (ISO-8601), "tookNanos", "variants": [..], "stuck" (or null),
 *   "summary": { "rows": [row..], "total": row },
 *   "injections": [ { "ordinal", "variant", "kind", "target", "victim", "fault", "offsetNanos", "atNanos",
 *                     "injectedAt" (ISO-8601: started + atNanos), "chip", "outcome", "detection", "scheme",
 *                     "detectNanos", "recoverNanos", "interruptNanos", "reason" } .. ],
 *   "throughput": [ { "variant", "workload", "operations", "windowNanos", "perSecond" } .. ] }
 * row: { "kind" (null in the total), "variant", "injected", "outcomes": { "masked": n, .. every class },
 *        "detect" | "recover" | "interrupt": { "count", "p50", "p99", "max" } }
 * </pre>
 *
 * Kinds and outcomes are their {@code configName()}s. Every key is always present: a latency that was not
 * measured ({@link Injection#NONE}) and a missing text are {@code null}.
 */
public final class JsonReport {
    /** The format's name and version, so a reader can tell what it holds. */
    public static final String FORMAT = "bulwark-drill/1";

    private static final Gson GSON = new GsonBuilder().serializeNulls().setPrettyPrinting().disableHtmlEscaping()
            .create();

    private JsonReport() {
    }

    public static JsonObject toJson(DrillReport r) {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        o.addProperty("scenario", r.scenario());
        o.addProperty("seed", r.seed());
        o.addProperty("configSha256", r.configSha256());
        o.addProperty("version", r.version());
        o.addProperty("host", r.host());
        o.addProperty("jdk", r.jdk());
        o.addProperty("cpus", r.cpus());
        o.addProperty("started", r.started().toString());
        o.addProperty("tookNanos", r.took().toNanos());
        JsonArray variants = new JsonArray();
        r.variants().forEach(variants::add);
        o.add("variants", variants);
        o.add("stuck", text(r.stuck()));
        Summary summary = r.summary();
        JsonObject s = new JsonObject();
        JsonArray rows = new JsonArray();
        summary.rows().forEach(row -> rows.add(row(row)));
        s.add("rows", rows);
        s.add("total", row(summary.total()));
        o.add("summary", s);
        JsonArray injections = new JsonArray();
        for (Injection i : r.injections()) {
            injections.add(injection(r, i));
        }
        o.add("injections", injections);
        JsonArray throughput = new JsonArray();
        for (DrillReport.Throughput t : r.throughput()) {
            JsonObject f = new JsonObject();
            f.addProperty("variant", t.variant());
            f.addProperty("workload", t.workload());
            f.addProperty("operations", t.operations());
            f.addProperty("windowNanos", t.window().toNanos());
            f.addProperty("perSecond", t.perSecond());
            throughput.add(f);
        }
        o.add("throughput", throughput);
        return o;
    }

    /** The report as pretty-printed JSON. */
    public static String render(DrillReport r) {
        return GSON.toJson(toJson(r));
    }

    public static void write(DrillReport r, Path file) throws IOException {
        Files.writeString(file, render(r) + "\n", StandardCharsets.UTF_8);
    }

    private static JsonObject injection(DrillReport r, Injection i) {
        JsonObject o = new JsonObject();
        o.addProperty("ordinal", i.ordinal());
        o.add("variant", text(i.variant()));
        o.addProperty("kind", i.kind().configName());
        o.add("target", text(i.target()));
        o.add("victim", text(i.victim()));
        o.add("fault", text(i.fault()));
        o.addProperty("offsetNanos", i.offsetNanos());
        o.addProperty("atNanos", i.atNanos());
        o.addProperty("injectedAt", r.started().plusNanos(i.atNanos()).toString());
        o.addProperty("chip", i.chip());
        o.addProperty("outcome", i.outcome().configName());
        o.add("detection", text(i.detection()));
        o.add("scheme", text(i.scheme()));
        o.add("detectNanos", nanos(i.detectNanos()));
        o.add("recoverNanos", nanos(i.recoverNanos()));
        o.add("interruptNanos", nanos(i.interruptNanos()));
        o.add("reason", text(i.reason()));
        return o;
    }

    private static JsonObject row(Summary.Row row) {
        JsonObject o = new JsonObject();
        o.add("kind", row.kind() == null ? JsonNull.INSTANCE : new JsonPrimitive(row.kind().configName()));
        o.add("variant", text(row.variant()));
        o.addProperty("injected", row.injected());
        JsonObject outcomes = new JsonObject();
        for (Outcome outcome : Outcome.values()) {
            outcomes.addProperty(outcome.configName(), row.count(outcome));
        }
        o.add("outcomes", outcomes);
        o.add("detect", percentiles(row.detect()));
        o.add("recover", percentiles(row.recover()));
        o.add("interrupt", percentiles(row.interrupt()));
        return o;
    }

    private static JsonObject percentiles(Summary.Percentiles p) {
        JsonObject o = new JsonObject();
        o.addProperty("count", p.count());
        o.add("p50", nanos(p.p50()));
        o.add("p99", nanos(p.p99()));
        o.add("max", nanos(p.max()));
        return o;
    }

    private static JsonElement nanos(long nanos) {
        return nanos < 0 ? JsonNull.INSTANCE : new JsonPrimitive(nanos);
    }

    private static JsonElement text(String s) {
        return s == null ? JsonNull.INSTANCE : new JsonPrimitive(s);
    }
}
