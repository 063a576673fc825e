package dev.bulwark.cli.drill;

import dev.bulwark.drill.workload.KvWorkload;
import dev.bulwark.hw.fault.Fault;
import dev.bulwark.ipc.channel.Channel;
import dev.bulwark.monitor.Monitor;
import dev.bulwark.monitor.event.MonitorEvent;
import dev.bulwark.monitor.policy.Rollback;
import dev.bulwark.monitor.policy.Standby;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.bulwark.cli.drill.DrillChips.PATIENCE;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Warm standby under the drill's KV client: shard kv-1 checkpoints every 5 ms and has a warm standby on core 3, fed
 * with its checkpoints. A panic fails it over to the standby (no thread started, no memory mapped: the standby's
 * kernel takes the channels), which resumes at the last committed checkpoint with every acknowledged write; a new
 * standby is built on the failed primary's core, and the next panic fails over back to it.
 */
class StandbyKvTest {
    private static final String YAML = DrillWorkloadKvTest.YAML
            .replace("{name: kv-1, core: 2, memory: 2MiB, app: SHARD, params: {front: front}}",
                    "{name: kv-1, core: 2, memory: 2MiB, app: kv-shard, params: {front: front}, recovery: "
                            + "{schemes: [standby, rollback, restart], standby: {core: 3}, rollback: {epoch: 5ms}}}")
            .replace("recovery: {scheme: SCHEME, maxRestarts: 100, within: 10s, backoff: 20ms..1s}",
                    "recovery: {scheme: restart, maxRestarts: 100, within: 10s}")
            .replace("SHARD", "kv-shard");

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

    @Test
    void aFailedShardFailsOverToItsWarmStandbyKeepsEveryWriteAndGetsANewStandbyOnItsOldCore() throws Exception {
        monitor = DrillChips.boot(YAML);
        kv = KvWorkload.of(monitor.sandbox("front"), 3);
        kv.start(monitor);
        awaitStandby(3, 1);
        DrillChips.awaitMoreTraffic(kv, 200);

        monitor.injector().inject(monitor.sandbox("kv-1"), new Fault.KernelPanic(Fault.Site.KERNEL));
        long serving = DrillChips.awaitServing(monitor, "kv-1", 2);
        await().atMost(PATIENCE).until(() -> kv.firstSuccessAfter(serving) >= 0);
        assertEquals(3, monitor.sandbox("kv-1").core().id(), "it runs where its standby waited");
        awaitStandby(2, 1);
        DrillChips.awaitMoreTraffic(kv, 200);

        monitor.injector().inject(monitor.sandbox("kv-1"), new Fault.KernelPanic(Fault.Site.KERNEL));
        DrillChips.awaitServing(monitor, "kv-1", 3);
        DrillChips.awaitMoreTraffic(kv, 200);
        assertEquals(2, monitor.sandbox("kv-1").core().id(), "back on the standby built on its first core");

        List<MonitorEvent.Recovering> recoveries = monitor.events().all(MonitorEvent.Recovering.class);
        // on a loaded host a starved kernel may also be taken for hung: while no standby is ready it is rolled back
        assertTrue(recoveries.stream().filter(r -> r.scheme() instanceof Standby).count() >= 2, "both failed over: " + recoveries);
        assertTrue(recoveries.stream().allMatch(r -> r.scheme() instanceof Standby || r.scheme() instanceof Rollback),
                "none escalated to a restart: " + recoveries);
        assertEquals(0, monitor.events().all(MonitorEvent.RolledBack.class).stream()
                .mapToLong(MonitorEvent.RolledBack::escaped).sum(), "no output of an epoch that never committed was seen");
        for (Channel c : monitor.channels()) {
            assertEquals(0, c.stats().outOfSequence(), c.stats().toString());
        }
        assertEquals(List.of(), kv.violationsSince(0), "no wrong or lost reply, no acknowledged write lost");
        assertEquals(0, kv.tally().explainedNils(), "the standby resumed with every key: " + kv.tally());
    }

    /** Waits until {@code n} standbys of kv-1 have been ready on {@code core}. */
    private void awaitStandby(int core, int n) {
        await().atMost(PATIENCE).until(() -> monitor.events().all(MonitorEvent.StandbyReady.class).stream()
                .filter(e -> e.sandbox().equals("kv-1") && e.core() == core).count() >= n);
    }

}
