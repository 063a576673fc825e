package dev.bulwark.drill.report;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.bulwark.drill.DrillReport;
import dev.bulwark.drill.Injection;
import dev.bulwark.drill.Outcome;
import dev.bulwark.hw.fault.FaultKind;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTML page, parsed by jsoup as a browser's parser would: it is self-contained (Chart.js inlined, nothing
 * loaded from anywhere), its three canvases are there, and its data is the JSON report with every injection,
 * even when a fault's text tries to end the script element. (Drawing the charts would need a browser; the page's
 * structure and data are what we can check without one.)
 */
class HtmlReportTest {
    @TempDir
    Path dir;

    @Test
    void thePageHoldsTheThreeCanvasesTheMetadataAndTheOutcomeTable() throws IOException {
        Document page = written(Reports.report(Reports.injections(), "kv-1 to serve again"));
        for (String id : List.of("outcomes-chart", "recovery-cdf", "interruption-cdf")) {
            Element canvas = page.getElementById(id);
            assertNotNull(canvas, id);
            assertEquals("canvas", canvas.tagName(), id);
        }
        String meta = page.select("dl.meta").text();
        assertTrue(meta.contains("kv-basic") && meta.contains("42") && meta.contains("0.1.0")
                && meta.contains(Reports.report().configSha256()), meta);
        assertTrue(page.select(".stuck").text().contains("kv-1 to serve again"));
        Elements rows = page.select("#outcome-table tbody tr");
        assertEquals(3, rows.size());
        assertEquals(List.of("kernel-panic", "microreboot", "2", "0", "1", "0", "1", "0", "0", "0"),
                rows.get(1).select("td").eachText().subList(0, 10));
        assertEquals("-", rows.get(2).select("td").get(10).text()); // bit-flip: nothing detected
        assertEquals("6", page.select("#outcome-table tfoot th").get(2).text());
    }

    @Test
    void chartJsIsInlinedAndNothingIsLoadedFromElsewhere() throws IOException {
        Document page = written(Reports.report());
        Element chartJs = page.getElementById("chartjs");
        assertNotNull(chartJs);
        String script = chartJs.data();
        assertTrue(script.length() > 100_000, "Chart.js is " + script.length() + " chars");
        assertTrue(script.contains("Chart.js v" + ChartJs.version()), "no Chart.js banner");
        assertEquals(ChartJs.script().strip(), script.strip(), "the library, verbatim");
        assertTrue(page.getElementById("drill-charts").data().contains("new Chart("));
        // Three scripts, none with a source; no stylesheet, image or frame from anywhere.
        assertEquals(3, page.select("script").size());
        assertTrue(page.select("script[src]").isEmpty(), page.select("script[src]").toString());
        assertTrue(page.select("link[href], img[src], iframe, object, embed").isEmpty());
        assertTrue(page.select("[href^=http], [src^=http], [href^=//], [src^=//]").isEmpty());
    }

    @Test
    void theDataIsTheJsonReportWithEveryInjection() throws IOException {
        List<Injection> injections = new ArrayList<>(Reports.injections());
        // A fault text that would end the data's script element if it went in as it is.
        injections.add(new Injection(7, "restart", FaultKind.DRIVER_BUG, "nic driver", "kv-0",
                "wrote </script><script>alert(1)</script> & <!-- to the log", 1, 950 * Reports.MS, 3,
                Outcome.BYSTANDER_HARMED, "heartbeat", "restart", 1, 2, 3, "kv-1's checker went red"));
        DrillReport r = Reports.report(injections);
        Document page = written(r);
        assertEquals(3, page.select("script").size(), "a fault's text broke out of the data");
        Element data = page.getElementById("drill-data");
        assertNotNull(data);
        assertEquals("application/json", data.attr("type"));
        JsonObject parsed = JsonParser.parseString(data.data()).getAsJsonObject();
        assertEquals(JsonReport.toJson(r), parsed);
        assertEquals(injections.size(), parsed.getAsJsonArray("injections").size());
        assertEquals(injections.getLast().fault(),
                parsed.getAsJsonArray("injections").get(6).getAsJsonObject().get("fault").getAsString());
    }

    @Test
    void inlinedScriptCannotEndItsElement() {
        assertEquals("if (a <\\/script> b) {} <\\!-- x", HtmlReport.scriptSafe("if (a </script> b) {} <!-- x"));
        assertEquals("&lt;b&gt; &amp; &quot;q&quot; &#39;", HtmlReport.escape("<b> & \"q\" '"));
    }

    private Document written(DrillReport r) throws IOException {
        Path file = dir.resolve("drill.html");
        HtmlReport.write(r, file);
        return Jsoup.parse(file.toFile(), StandardCharsets.UTF_8.name());
    }
}
