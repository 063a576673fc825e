package dev.bulwark.cli.drill;

import dev.bulwark.drill.workload.KvWorkload;
import dev.bulwark.hw.fault.Fault;
import dev.bulwark.ipc.channel.Channel;
import dev.bulwark.monitor.Monitor;
import dev.bulwark.monitor.event.MonitorEvent;
import dev.bulwark.monitor.policy.Rollback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static dev.bulwark.cli.drill.DrillChips.PATIENCE;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rollback with output commit, under a random fault schedule, against the drill's KV client: the shards checkpoint
 * every 5 ms and roll back when their kernel or app panics or their kernel hangs. The properties the issue asks for: no receiver (the
 * front) ever takes an output of a rolled-back epoch (every message arrives exactly once, in sequence: a shard's
 * reply that escaped before a rollback would be sent again under the same sequence number by its successor), no
 * client sees one (no wrong or duplicated reply), and no acknowledged write is lost (a rollback keeps every key).
 */
class RollbackKvTest {
    static final String YAML = DrillWorkloadKvTest.YAML
            .replace("recovery: {scheme: SCHEME, maxRestarts: 100, within: 10s, backoff: 20ms..1s}",
                    "recovery: {schemes: [rollback, restart], rollback: {epoch: 5ms}, maxRestarts: 100, within: 10s}")
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
    void underRandomPanicsAndHangsNoRolledBackOutputEscapesAndNoAcknowledgedWriteIsLost() throws Exception {
        monitor = DrillChips.boot(YAML);
        kv = KvWorkload.of(monitor.sandbox("front"), 3);
        kv.start(monitor);
        DrillChips.awaitMoreTraffic(kv, 200);
        var random = new SplittableRandom(10);
        int faults = 8;
        for (int i = 0; i < faults; i++) {
            String shard = random.nextBoolean() ? "kv-0" : "kv-1";
            int incarnation = monitor.sandbox(shard).incarnation();
            Fault fault = switch (random.nextInt(3)) {
                case 0 -> new Fault.KernelPanic(Fault.Site.KERNEL);
                case 1 -> new Fault.KernelPanic(Fault.Site.APP); // the kernel's failure too: an app restart would drop replies
                default -> new Fault.Hang();
            };
            DrillChips.awaitMoreTraffic(kv, 20 + random.nextInt(100)); // a random point in the traffic: an epoch open, replies held
            monitor.injector().inject(monitor.sandbox(shard), fault);
            long serving = DrillChips.awaitServing(monitor, shard, incarnation + 1);
            await().atMost(PATIENCE).until(() -> kv.firstSuccessAfter(serving) >= 0);
        }
        DrillChips.awaitMoreTraffic(kv, 200);

        List<MonitorEvent.RolledBack> rollbacks = monitor.events().all(MonitorEvent.RolledBack.class);
        // at least one per fault: on a loaded host a kernel starved of a CPU may also be taken for hung, and rolled back
        assertTrue(rollbacks.size() >= faults, "every failure rolled back: " + rollbacks);
        assertTrue(monitor.events().all(MonitorEvent.Recovering.class).stream().allMatch(r -> r.scheme() instanceof Rollback),
                "none escalated to a restart: " + monitor.events().all(MonitorEvent.Recovering.class));
        assertTrue(rollbacks.stream().allMatch(r -> r.epoch() > 0), "each to a committed epoch: " + rollbacks);
        assertEquals(0, rollbacks.stream().mapToLong(MonitorEvent.RolledBack::escaped).sum(),
                "no output of a rolled-back epoch was published: " + rollbacks);
        assertTrue(rollbacks.stream().mapToLong(MonitorEvent.RolledBack::replayed).sum() > 0,
                "inputs taken in the open epoch were replayed: " + rollbacks);
        for (Channel c : monitor.channels()) {
            assertEquals(0, c.stats().outOfSequence(), c + " took a message twice or missed one: " + c.stats());
            assertEquals(0, c.stats().lost(), c + ": a rollback replays, it loses nothing: " + c.stats());
        }
        assertEquals(List.of(), kv.violationsSince(0), "no wrong, duplicated or lost reply, no acknowledged write lost");
        assertEquals(0, kv.tally().explainedNils(), "a rollback keeps every key: " + kv.tally());
    }

}
