package dev.bulwark.cli.drill;

import dev.bulwark.apps.StandardApps;
import dev.bulwark.drill.workload.KvWorkload;
import dev.bulwark.drill.workload.Workload;
import dev.bulwark.hw.fault.Fault;
import dev.bulwark.monitor.Monitor;
import dev.bulwark.sandbox.app.App;
import dev.bulwark.sandbox.app.AppContext;
import dev.bulwark.sandbox.app.AppDescriptor;
import dev.bulwark.sandbox.app.DeviceEvent;
import dev.bulwark.ipc.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.bulwark.cli.drill.DrillChips.PATIENCE;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The drill's KV client against a small store (a front and two shards, port 0): it serves and finds nothing wrong
 * when nothing is; a shard that panics and is microrebooted (after a 20 ms backoff,
 * so the gap is certain) keeps its keys (a gap, no violation); a shard restarted
 * from the pristine image reads nil for its keys, which its restart explains; and a shard whose app forgets its
 * table on every start although the microreboot kept its memory is caught losing acknowledged writes.
 */
class DrillWorkloadKvTest {
    static final String YAML = """
            chip: {cores: 4, memory: 32MiB, pageSize: 4KiB, idle: backoff}
            devices:
              - {name: net, kind: nic, host: 127.0.0.1, port: 0, protocol: resp}
            sandboxes:
              - name: front
                core: 0
                memory: 2MiB
                app: kv-front
                devices: [net]
                recovery: {scheme: restart}
                params: {nic: net, shards: "kv-0,kv-1", timeout: 500ms}
              - {name: kv-0, core: 1, memory: 2MiB, app: SHARD, params: {front: front}}
              - {name: kv-1, core: 2, memory: 2MiB, app: SHARD, params: {front: front}}
            channels:
              - {from: front, to: kv-0, capacity: 256}
              - {from: kv-0, to: front, capacity: 256}
              - {from: front, to: kv-1, capacity: 256}
              - {from: kv-1, to: front, capacity: 256}
            detection: {heartbeatTimeout: 10ms}
            recovery: {scheme: SCHEME, maxRestarts: 100, within: 10s, backoff: 20ms..1s}
            """;

    /** The real shard's app, except that every start forgets the table first: what a microreboot keeps, it loses. */
    static final AppDescriptor AMNESIAC = amnesiac();

    private Monitor monitor;
    private KvWorkload kv;

    @AfterEach
    void shutDown() {
        if (kv != null) {
            kv.close();
        }
        if (monitor != null) {
            monitor.close();
        }
    }

    private void boot(String scheme, String shardApp) throws Exception {
        monitor = DrillChips.boot(YAML.replace("SCHEME", scheme).replace("SHARD", shardApp), AMNESIAC);
        kv = KvWorkload.of(monitor.sandbox("front"), 3);
        kv.start(monitor);
    }


    @Test
    void aQuietStoreServesTheClientAndNoCheckGoesRed() throws Exception {
        boot("microreboot", "kv-shard");
        long started = monitor.clock().nanoTime();
        await().atMost(PATIENCE).until(() -> kv.firstSuccessAfter(started) >= 0);
        DrillChips.awaitMoreTraffic(kv, 2_000);

        assertEquals(List.of(), kv.violationsSince(0));
        assertEquals(java.util.Set.of("front", "kv-0", "kv-1"), kv.sandboxes());
        assertEquals(-1, kv.firstSuccessAfter(monitor.clock().nanoTime() + 60_000_000_000L), "nothing succeeds in the future");
    }

    @Test
    void aMicrorebootedShardKeepsItsKeysAndTheClientSeesAGapButNoViolation() throws Exception {
        boot("microreboot", "kv-shard");
        DrillChips.awaitMoreTraffic(kv, 1_000);
        long injected = monitor.clock().nanoTime();
        monitor.injector().inject(monitor.sandbox("kv-1"), new Fault.KernelPanic(Fault.Site.KERNEL));
        long serving = DrillChips.awaitServing(monitor, "kv-1", 2);
        await().atMost(PATIENCE).until(() -> kv.firstSuccessAfter(serving) >= 0);
        DrillChips.awaitMoreTraffic(kv, 1_000);

        long gap = kv.longestGap(injected, monitor.clock().nanoTime());
        assertTrue(gap >= 10_000_000, "the panic and the 20 ms backoff interrupted the client: " + gap + " ns");
        assertEquals(List.of(), kv.violationsSince(0));
        assertEquals(0, kv.tally().explainedNils(), "a microreboot keeps every key: " + kv.tally());
    }

    @Test
    void aShardRestartedFromPristineReadsNilWhichItsRestartExplains() throws Exception {
        boot("restart", "kv-shard");
        DrillChips.awaitMoreTraffic(kv, 1_000);
        monitor.injector().inject(monitor.sandbox("kv-1"), new Fault.KernelPanic(Fault.Site.KERNEL));
        DrillChips.awaitServing(monitor, "kv-1", 2);
        await().atMost(PATIENCE).until(() -> kv.tally().explainedNils() > 0);
        DrillChips.awaitMoreTraffic(kv, 1_000);

        assertEquals(List.of(), kv.violationsSince(0));
    }

    @Test
    void aShardThatForgetsWhatItsMicrorebootKeptIsCaughtLosingAcknowledgedWrites() throws Exception {
        boot("microreboot", AMNESIAC.name());
        DrillChips.awaitMoreTraffic(kv, 1_000);
        assertEquals(0, kv.violations(), "before the fault nothing is lost");
        monitor.injector().inject(monitor.sandbox("kv-1"), new Fault.KernelPanic(Fault.Site.KERNEL));
        DrillChips.awaitServing(monitor, "kv-1", 2);
        await().atMost(PATIENCE).until(() -> kv.violations() >= 5);

        List<Workload.Violation> found = kv.violationsSince(0);
        for (Workload.Violation v : found) {
            assertEquals("kv", v.workload());
            assertEquals("kv-1", v.sandbox(), v.toString());
            assertTrue(v.what().contains("returned nil") && v.what().contains("lost acknowledged write"), v.what());
        }
        assertEquals(found.subList(2, found.size()), kv.violationsSince(2).subList(0, found.size() - 2), "the cursor");
    }

    private static AppDescriptor amnesiac() {
        AppDescriptor real = StandardApps.registry().find("kv-shard").orElseThrow();
        return new AppDescriptor("kv-shard-amnesiac", "A kv-shard that forgets its table whenever it starts.",
                real.params(), params -> new Amnesiac(real.factory().create(params)), real.state(), real.check(),
                real.memoryCheck());
    }

    /** Wipes the table's header before the real shard opens it, so the shard formats an empty table. */
    private record Amnesiac(App real) implements App {
        @Override
        public void start(AppContext ctx) {
            for (long at = 0; at < 4096; at += Long.BYTES) {
                ctx.memory().putLong(at, 0);
            }
            real.start(ctx);
        }

        @Override
        public void onMessage(AppContext ctx, Message message) {
            real.onMessage(ctx, message);
        }

        @Override
        public void onTimer(AppContext ctx, long timerId) {
            real.onTimer(ctx, timerId);
        }

        @Override
        public void onDevice(AppContext ctx, DeviceEvent event) {
            real.onDevice(ctx, event);
        }
    }
}
