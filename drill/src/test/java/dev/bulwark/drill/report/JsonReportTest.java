package dev.bulwark.drill.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.bulwark.drill.DrillReport;
import dev.bulwark.drill.Injection;
import dev.bulwark.drill.Outcome;
import dev.bulwark.hw.fault.FaultKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JSON report parses back, with the run's metadata, the summary and every injection, field for field. */
class JsonReportTest {
    @TempDir
    Path dir;

    @Test
    void everyInjectionParsesBackFieldForField() throws IOException {
        DrillReport r = Reports.report(Reports.injections(), "kv-1 to serve again");
        Path file = dir.resolve("drill.json");
        JsonReport.write(r, file);
        JsonObject o = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        JsonArray injections = o.getAsJsonArray("injections");
        assertEquals(r.injections().size(), injections.size());
        List<Injection> back = new ArrayList<>();
        for (JsonElement e : injections) {
            back.add(injection(e.getAsJsonObject()));
        }
        assertEquals(r.injections(), back);
        assertEquals(Set.of("ordinal", "variant", "kind", "target", "victim", "fault", "offsetNanos", "atNanos",
                "injectedAt", "chip", "outcome", "detection", "scheme", "detectNanos", "recoverNanos",
                "interruptNanos", "reason"), injections.get(0).getAsJsonObject().keySet());
        assertEquals("2025-06-01T10:00:00.105Z", injections.get(0).getAsJsonObject().get("injectedAt").getAsString());
    }

    @Test
    void theRunsMetadataAndTheSummaryAreThere() {
        DrillReport r = Reports.report(Reports.injections(), "kv-1 to serve again");
        JsonObject o = JsonParser.parseString(JsonReport.render(r)).getAsJsonObject();
        assertEquals(JsonReport.FORMAT, o.get("format").getAsString());
        assertEquals("kv-basic", o.get("scenario").getAsString());
        assertEquals(42, o.get("seed").getAsLong());
        assertEquals(r.configSha256(), o.get("configSha256").getAsString());
        assertEquals("0.1.0", o.get("version").getAsString());
        assertEquals(r.host(), o.get("host").getAsString());
        assertEquals(r.jdk(), o.get("jdk").getAsString());
        assertEquals(8, o.get("cpus").getAsInt());
        assertEquals(r.started(), Instant.parse(o.get("started").getAsString()));
        assertEquals(r.took().toNanos(), o.get("tookNanos").getAsLong());
        assertEquals(List.of("restart", "microreboot"),
                o.getAsJsonArray("variants").asList().stream().map(JsonElement::getAsString).toList());
        assertEquals("kv-1 to serve again", o.get("stuck").getAsString());

        JsonObject summary = o.getAsJsonObject("summary");
        JsonArray rows = summary.getAsJsonArray("rows");
        assertEquals(3, rows.size());
        JsonObject microreboot = rows.get(1).getAsJsonObject();
        assertEquals("kernel-panic", microreboot.get("kind").getAsString());
        assertEquals("microreboot", microreboot.get("variant").getAsString());
        assertEquals(1, microreboot.getAsJsonObject("outcomes").get("stopped").getAsInt());
        assertEquals(1_200_000, microreboot.getAsJsonObject("recover").get("p50").getAsLong());
        JsonObject bitFlip = rows.get(2).getAsJsonObject();
        assertTrue(bitFlip.getAsJsonObject("detect").get("p50").isJsonNull());
        assertEquals(0, bitFlip.getAsJsonObject("detect").get("count").getAsInt());
        JsonObject total = summary.getAsJsonObject("total");
        assertTrue(total.get("kind").isJsonNull());
        assertEquals(6, total.get("injected").getAsInt());
        assertEquals(Outcome.values().length, total.getAsJsonObject("outcomes").size());
        assertEquals(1_200_000_000L, total.getAsJsonObject("interrupt").get("max").getAsLong());
    }

    /** Reads an injection back the way a consumer would: null for a missing text or an unmeasured latency. */
    private static Injection injection(JsonObject o) {
        return new Injection(o.get("ordinal").getAsInt(), text(o, "variant"),
                FaultKind.named(o.get("kind").getAsString()).orElseThrow(), text(o, "target"), text(o, "victim"),
                text(o, "fault"), o.get("offsetNanos").getAsLong(), o.get("atNanos").getAsLong(),
                o.get("chip").getAsInt(), Outcome.named(o.get("outcome").getAsString()).orElseThrow(),
                text(o, "detection"), text(o, "scheme"), nanos(o, "detectNanos"), nanos(o, "recoverNanos"),
                nanos(o, "interruptNanos"), text(o, "reason"));
    }

    private static String text(JsonObject o, String key) {
        assertTrue(o.has(key), key);
        return o.get(key).isJsonNull() ? null : o.get(key).getAsString();
    }

    private static long nanos(JsonObject o, String key) {
        assertTrue(o.has(key), key);
        return o.get(key).isJsonNull() ? Injection.NONE : o.get(key).getAsLong();
    }
}
