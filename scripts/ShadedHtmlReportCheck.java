import dev.bulwark.drill.DrillReport;
import dev.bulwark.drill.Injection;
import dev.bulwark.drill.Outcome;
import dev.bulwark.drill.report.HtmlReport;
import dev.bulwark.hw.fault.FaultKind;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Renders a drill's HTML report from the shaded cli/target/bulwark.jar, on its class path, the way `bulwark`
 * runs: Chart.js must come out of the jar inlined, through the same loader as in drill's tests.
 *
 * Usage: java -cp cli/target/bulwark.jar scripts/ShadedHtmlReportCheck.java    (cli's integration-test phase)
 */
void main() {
    Injection one = new Injection(1, "restart", FaultKind.KERNEL_PANIC, "sandbox kv-0", "kv-0", "panic", 0, 1,
            1, Outcome.RECOVERED, "heartbeat", "restart", 1, 2, 3, null);
    DrillReport r = new DrillReport("shaded-jar", 1, "0".repeat(64), "0", "host", "jdk", 1, Instant.EPOCH,
            Duration.ZERO, List.of("restart"), List.of(one), null);
    String page = HtmlReport.render(r);
    if (!page.contains("* Chart.js v") || page.length() < 100_000) {
        System.err.println("FAIL - the shaded jar's HTML report has no Chart.js inlined (" + page.length() + " chars)");
        System.exit(1);
    }
    System.out.println("ok   - the shaded jar's HTML report inlines Chart.js (" + page.length() + " chars)");
}
