package dev.bulwark.drill.report;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.bulwark.drill.DrillReport;
import dev.bulwark.drill.Outcome;
import dev.bulwark.drill.Summary;
import dev.bulwark.drill.VariantFigures;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A drill as one self-contained HTML file, which opens without a network: the run's metadata, the outcome table,
 * the per-variant figures if the drill has any ({@code #variant-table}: load, throughput against the baseline, audit
 * of output commit), and three charts drawn by Chart.js (inlined from its WebJar, see {@link ChartJs}): the outcomes stacked per
 * kind and scheme ({@code #outcomes-chart}), and the CDFs of recovery latency ({@code #recovery-cdf}) and of
 * service interruption ({@code #interruption-cdf}), one line per scheme variant.
 *
 * <h2>The data and the escaping</h2>
 * The page's data is {@link JsonReport#toJson} itself, in {@code <script type="application/json"
 * id="drill-data">}; the charts' script reads it from there. Inside a {@code <script>} element the HTML parser
 * ends the element at the first {@code </script}, whatever the JavaScript around it, so: the JSON is written
 * HTML-safe ({@code <}, {@code >}, {@code &} as {@code \u003c} and so on, which only ever occur inside JSON
 * strings), and in the inlined library {@code </} and {@code <!--} become {@code <\/} and {@code <\!--}
 * (equal inside the string and regex literals they can only be in; the bundle of 4.5.1 holds neither).
 */
public final class HtmlReport {
    /** HTML-safe: Gson escapes {@code < > & = '} inside strings as {@code \u003c} and the like. */
    private static final Gson PAGE_JSON = new GsonBuilder().serializeNulls().create();

    private HtmlReport() {
    }

    public static void write(DrillReport r, Path file) throws IOException {
        Files.writeString(file, render(r), StandardCharsets.UTF_8);
    }

    public static String render(DrillReport r) {
        StringBuilder h = new StringBuilder(256 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        h.append("<title>Bulwark drill: ").append(escape(r.scenario())).append(" (seed ").append(r.seed())
                .append(")</title>\n");
        h.append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        h.append("<h1>Drill ").append(escape(r.scenario())).append("</h1>\n");
        metadata(h, r);
        if (r.stuck() != null) {
            h.append("<p class=\"stuck\">Ended early: ").append(escape(r.stuck()))
                    .append(".</p>\n");
        }
        h.append("<h2>Outcomes</h2>\n");
        outcomeTable(h, r.summary());
        if (!r.figures().isEmpty()) {
            h.append("<h2>Variants</h2>\n");
            variantTable(h, r);
        }
        h.append("<h2>Charts</h2>\n");
        h.append("<figure><figcaption>Outcomes per fault kind and scheme</figcaption>")
                .append("<div class=\"chart\"><canvas id=\"outcomes-chart\"></canvas></div></figure>\n");
        h.append("<figure><figcaption>Recovery latency, detection to serving again (CDF per scheme)</figcaption>")
                .append("<div class=\"chart\"><canvas id=\"recovery-cdf\"></canvas></div></figure>\n");
        h.append("<figure><figcaption>Service interruption, the longest gap in the victim's service (CDF per ")
                .append("scheme)</figcaption><div class=\"chart\"><canvas id=\"interruption-cdf\"></canvas></div>")
                .append("</figure>\n");
        h.append("<script type=\"application/json\" id=\"drill-data\">")
                .append(PAGE_JSON.toJson(JsonReport.toJson(r))).append("</script>\n");
        h.append("<script id=\"chartjs\" data-version=\"").append(escape(ChartJs.version())).append("\">\n")
                .append(scriptSafe(ChartJs.script())).append("\n</script>\n");
        h.append("<script id=\"drill-charts\">\n").append(CHARTS).append("</script>\n");
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    private static void metadata(StringBuilder h, DrillReport r) {
        h.append("<dl class=\"meta\">\n");
        item(h, "scenario", r.scenario());
        item(h, "seed", Long.toString(r.seed()));
        item(h, "config sha256", r.configSha256());
        item(h, "Bulwark", r.version());
        item(h, "host", r.host());
        item(h, "JDK", r.jdk());
        item(h, "CPUs", Integer.toString(r.cpus()));
        item(h, "started", r.started().toString());
        item(h, "took", Format.seconds(r.took()));
        item(h, "variants", String.join(", ", r.variants()));
        item(h, "injections", Integer.toString(r.injections().size()));
        h.append("</dl>\n");
    }

    private static void item(StringBuilder h, String term, String value) {
        h.append("<dt>").append(escape(term)).append("</dt><dd>").append(escape(value == null ? "-" : value))
                .append("</dd>\n");
    }

    private static void outcomeTable(StringBuilder h, Summary s) {
        List<String> header = new ArrayList<>(List.of("kind", "scheme", "injected"));
        for (Outcome o : Outcome.values()) {
            header.add(o.configName());
        }
        header.addAll(List.of("detect p50", "detect p99", "recover p50", "recover p99", "interruption p50",
                "interruption p99", "interruption max"));
        h.append("<table id=\"outcome-table\">\n<thead><tr>");
        for (String name : header) {
            h.append("<th>").append(escape(name)).append("</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        s.rows().forEach(row -> tableRow(h, row, "td"));
        h.append("</tbody>\n<tfoot>\n");
        tableRow(h, s.total(), "th");
        h.append("</tfoot>\n</table>\n<p class=\"note\">Times in ms; - where no injection had one.</p>\n");
    }

    /** The per-variant figures, as the terminal table's section has them, and what its columns mean. */
    private static void variantTable(StringBuilder h, DrillReport r) {
        VariantFigures baseline = r.baseline();
        h.append("<table id=\"variant-table\">\n<thead><tr>");
        for (String name : TableReport.variantHeader(baseline)) {
            h.append("<th>").append(escape(name)).append("</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        for (VariantFigures f : r.figures()) {
            h.append("<tr>");
            for (String c : TableReport.variantCells(f, baseline)) {
                h.append("<td>").append(escape(c)).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table>\n");
        for (String line : TableReport.variantNotes(r)) {
            h.append("<p class=\"note\">").append(escape(line)).append("</p>\n");
        }
    }

    private static void tableRow(StringBuilder h, Summary.Row row, String cell) {
        List<String> cells = TableReport.cells(row, true);
        h.append("<tr>");
        for (String c : cells) {
            h.append('<').append(cell).append('>').append(escape(c)).append("</").append(cell).append('>');
        }
        h.append("</tr>\n");
    }

    /** Text for an element's content or a quoted attribute. */
    static String escape(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** JavaScript that cannot end or confuse the {@code <script>} element it is inlined into. */
    static String scriptSafe(String js) {
        return js.replace("</", "<\\/").replace("<!--", "<\\!--");
    }

    private static final String STYLE = """
            body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; }
            dl.meta { display: grid; grid-template-columns: max-content auto; gap: 0.2em 1em; }
            dl.meta dt { font-weight: 600; }
            dl.meta dd { margin: 0; font-family: ui-monospace, monospace; }
            table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
            th, td { padding: 0.2em 0.6em; border-bottom: 1px solid #ddd; text-align: right; }
            th:nth-child(-n+2), td:nth-child(-n+2) { text-align: left; }
            tfoot th { border-top: 2px solid #888; }
            .stuck { color: #b00020; font-weight: 600; }
            .note { color: #666; }
            figure { margin: 1.5em 0; }
            .chart { position: relative; height: 360px; max-width: 1000px; }
            """;

    /** Builds the three charts from {@code #drill-data}; holds no {@code </}. */
    private static final String CHARTS = """
            (function () {
              'use strict';
              var data = JSON.parse(document.getElementById('drill-data').textContent);
              var COLORS = {
                'masked': '#9e9e9e', 'recovered': '#2e7d32', 'state-lost': '#f9a825', 'stopped': '#1565c0',
                'undetected-corruption': '#c62828', 'bystander-harmed': '#6a1b9a', 'no-verdict': '#212121'
              };
              var rows = data.summary.rows;
              var outcomes = Object.keys(data.summary.total.outcomes);
              new Chart(document.getElementById('outcomes-chart'), {
                type: 'bar',
                data: {
                  labels: rows.map(function (r) { return r.kind + ' / ' + r.variant; }),
                  datasets: outcomes.map(function (o) {
                    return { label: o, backgroundColor: COLORS[o] || '#777',
                             data: rows.map(function (r) { return r.outcomes[o]; }) };
                  })
                },
                options: {
                  indexAxis: 'y', animation: false, maintainAspectRatio: false,
                  scales: { x: { stacked: true, title: { display: true, text: 'injections' } },
                            y: { stacked: true } }
                }
              });
              function cdf(id, field, what) {
                var samples = {};
                data.variants.forEach(function (v) { samples[v] = []; });
                data.injections.forEach(function (i) {
                  if (i[field] === null) { return; }
                  (samples[i.variant] = samples[i.variant] || []).push(i[field] / 1e6);
                });
                var datasets = [];
                Object.keys(samples).forEach(function (v) {
                  var xs = samples[v].sort(function (a, b) { return a - b; });
                  // Chart.js's 'before' draws each step flat at the last fraction, then up at the next sample.
                  if (xs.length === 0) { return; }
                  var points = [{ x: 0, y: 0 }];
                  xs.forEach(function (x, k) { points.push({ x: x, y: (k + 1) / xs.length }); });
                  datasets.push({ label: v + ' (' + xs.length + ')', data: points, stepped: 'before',
                                  pointRadius: 0, borderWidth: 2 });
                });
                new Chart(document.getElementById(id), {
                  type: 'line',
                  data: { datasets: datasets },
                  options: {
                    animation: false, maintainAspectRatio: false,
                    plugins: { title: { display: datasets.length === 0, text: 'no ' + what + ' measured' } },
                    scales: {
                      x: { type: 'linear', beginAtZero: true, title: { display: true, text: what + ' (ms)' } },
                      y: { min: 0, max: 1, title: { display: true, text: 'fraction of injections' } }
                    }
                  }
                });
              }
              cdf('recovery-cdf', 'recoverNanos', 'recovery latency');
              cdf('interruption-cdf', 'interruptNanos', 'service interruption');
            })();
            """;
}
