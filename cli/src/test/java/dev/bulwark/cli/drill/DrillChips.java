package dev.bulwark.cli.drill;

import dev.bulwark.apps.StandardApps;
import dev.bulwark.cli.config.ConfigLoader;
import dev.bulwark.hw.clock.NanoClock;
import dev.bulwark.monitor.Monitor;
import dev.bulwark.monitor.event.MonitorEvent;
import dev.bulwark.sandbox.app.AppDescriptor;
import dev.bulwark.sandbox.app.AppRegistry;

import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Boots the small chips of the workload tests from YAML text, with the standard apps and any extra ones. */
final class DrillChips {
    static final Duration PATIENCE = Duration.ofSeconds(20);

    private DrillChips() {
    }

    /** The standard apps and {@code extra}. */
    static AppRegistry registry(AppDescriptor... extra) {
        List<AppDescriptor> apps = new ArrayList<>();
        AppRegistry standard = StandardApps.registry();
        standard.names().forEach(n -> apps.add(standard.find(n).orElseThrow()));
        apps.addAll(List.of(extra));
        return AppRegistry.of(apps.toArray(AppDescriptor[]::new));
    }

    static Monitor boot(String yaml, AppDescriptor... extra) throws Exception {
        AppRegistry registry = registry(extra);
        Monitor monitor = Monitor.boot(ConfigLoader.load("drill-test.yaml", new StringReader(yaml), registry).spec(),
                registry, NanoClock.SYSTEM, 7);
        assertTrue(monitor.awaitBooted(20, TimeUnit.SECONDS), "booted");
        return monitor;
    }

    /** Waits until incarnation {@code n} of {@code sandbox} serves; returns when it did (the monitor's clock). */
    static long awaitServing(Monitor monitor, String sandbox, int n) {
        return await().atMost(PATIENCE).until(() -> monitor.events().all(MonitorEvent.Serving.class).stream()
                .filter(e -> e.sandbox().equals(sandbox) && e.incarnation() == n).findFirst(),
                java.util.Optional::isPresent).orElseThrow().nanos();
    }

    /** Waits until {@code kv} has had {@code more} GETs judged and SETs acknowledged beyond what it has now. */
    static void awaitMoreTraffic(dev.bulwark.drill.workload.KvWorkload kv, long more) {
        var before = kv.tally();
        await().atMost(PATIENCE).until(() -> kv.tally().checkedGets() >= before.checkedGets() + more
                && kv.tally().acknowledgedSets() >= before.acknowledgedSets() + more);
    }
}
