package dev.bulwark.cli.kv;

import dev.bulwark.apps.StandardApps;
import dev.bulwark.cli.config.ConfigLoader;
import dev.bulwark.hw.device.Nic;
import dev.bulwark.hw.fault.Fault;
import dev.bulwark.hw.fault.MemoryArea;
import dev.bulwark.monitor.Monitor;
import dev.bulwark.monitor.event.MonitorEvent;
import dev.bulwark.monitor.policy.Scheme;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The KV store of {@code examples/kv.yaml} under its own recovery policy ({@code [microreboot, restart]} for the
 * shards, a spare core), with a real client: a shard that panics is microrebooted and keeps every key; a shard
 * whose core fails for good moves to the spare core, keys and all; a shard whose table a flipped bit broke is
 * refused by its check and restarted from the pristine image, its keys gone, never read back wrong.
 */
class KvRecoverySchemesTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final int KEYS = 200;

    private Monitor monitor;
    private Jedis client;

    @BeforeEach
    void boot() throws Exception {
        String text = Files.readString(Path.of("..", "examples", "kv.yaml")).replace("port: 6379", "port: 0");
        monitor = Monitor.boot(ConfigLoader.load("kv.yaml", new StringReader(text), StandardApps.registry()).spec(),
                StandardApps.registry());
        assertTrue(monitor.awaitBooted(30, TimeUnit.SECONDS));
        String address = ((Nic) monitor.device("net")).address();
        client = new Jedis(address.substring(0, address.lastIndexOf(':')),
                Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)), 10_000);
        for (int i = 0; i < KEYS; i++) {
            assertEquals("OK", client.set("key:" + i, "value " + i));
        }
        assertTrue(shardKeys("kv-1") > 0, "some keys on kv-1");
    }

    @AfterEach
    void shutDown() {
        if (client != null) {
            client.close();
        }
        if (monitor != null) {
            monitor.close();
        }
    }

    private long shardKeys(String shard) {
        String line = client.info("bulwark").lines().filter(l -> l.contains("name=" + shard + ",")).findFirst().orElseThrow();
        return Long.parseLong(line.replaceAll(".*,keys=(\\d+),.*", "$1"));
    }

    private <E extends MonitorEvent> E awaitEvent(Class<E> type, Predicate<E> match) {
        return await().atMost(PATIENCE).until(() -> monitor.events().all(type).stream().filter(match).findFirst(),
                Optional::isPresent).orElseThrow();
    }

    /** Waits until kv-1's incarnation {@code n} serves and the front gets its answers again. */
    private void awaitShardBack(int n) {
        awaitEvent(MonitorEvent.Serving.class, e -> e.sandbox().equals("kv-1") && e.incarnation() == n);
        await().atMost(PATIENCE).ignoreExceptions().until(() -> client.info("bulwark").contains("name=kv-1,incarnation=" + n + ","));
    }

    private void assertEveryKeyKept() {
        for (int i = 0; i < KEYS; i++) {
            assertEquals("value " + i, client.get("key:" + i), "key:" + i);
        }
    }

    @Test
    void aShardThatPanicsIsMicrorebootedAndKeepsEveryKey() {
        long keys = shardKeys("kv-1");
        monitor.injector().inject(monitor.sandbox("kv-1"), new Fault.KernelPanic(Fault.Site.KERNEL));
        awaitShardBack(2);

        assertTrue(awaitEvent(MonitorEvent.MemoryChecked.class, e -> e.sandbox().equals("kv-1")).kept());
        assertEquals(Scheme.MICROREBOOT, awaitEvent(MonitorEvent.Recovering.class, e -> e.sandbox().equals("kv-1")).scheme());
        assertEquals(keys, shardKeys("kv-1"));
        assertEveryKeyKept();
    }

    @Test
    void aShardWhoseCoreFailsForGoodMovesToTheSpareCoreWithItsKeys() {
        int core = monitor.sandbox("kv-1").core().id();
        monitor.injector().inject(monitor.core(core), new Fault.CoreFailStop());
        awaitShardBack(2);

        MonitorEvent.Migrated moved = awaitEvent(MonitorEvent.Migrated.class, e -> e.sandbox().equals("kv-1"));
        assertEquals(core, moved.fromCore());
        assertEquals(5, moved.toCore(), "the example's spare core");
        assertEquals(5, monitor.sandbox("kv-1").core().id());
        assertEveryKeyKept();
        assertEquals("OK", client.set("key:0", "changed on the spare core"));
        assertEquals("changed on the spare core", client.get("key:0"));
    }

    @Test
    void aShardWhoseTableABitFlipBrokeIsRefusedByItsCheckAndRestartedFromThePristineImage() {
        // The table header's "window bytes when formatted" (offset 16): wrong for the window, so not whole.
        monitor.injector().inject(monitor.sandbox("kv-1"), new Fault.BitFlip(MemoryArea.APP_DATA, 16 + 2, 3));
        monitor.injector().inject(monitor.sandbox("kv-1"), new Fault.KernelPanic(Fault.Site.KERNEL));
        awaitShardBack(2);

        MonitorEvent.MemoryChecked checked = awaitEvent(MonitorEvent.MemoryChecked.class, e -> e.sandbox().equals("kv-1"));
        assertTrue(!checked.kept() && !checked.problem().isEmpty(), checked.toString());
        awaitEvent(MonitorEvent.Escalated.class, e -> e.sandbox().equals("kv-1") && e.scheme() == Scheme.MICROREBOOT);
        assertEquals(0, shardKeys("kv-1"), "restarted from the pristine image: its keys are gone");
        for (int i = 0; i < KEYS; i++) {
            String got = client.get("key:" + i);
            assertTrue(got == null || got.equals("value " + i), "key:" + i + " = " + got + ": nil or its value, never another");
        }
        assertNull(monitor.sandbox("kv-1").stopReason());
    }
}
