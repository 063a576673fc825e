package dev.bulwark.cli.kv;

import dev.bulwark.apps.StandardApps;
import dev.bulwark.cli.config.ConfigLoader;
import dev.bulwark.hw.device.Nic;
import dev.bulwark.hw.fault.Fault;
import dev.bulwark.monitor.Monitor;
import dev.bulwark.monitor.event.Detection;
import dev.bulwark.monitor.event.MonitorEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The KV store's front sandbox owns the NIC; here the NIC or its driver fails while a real client (Jedis) is
 * connected. Each failure is detected as its kind, the monitor restarts the front from its pristine image, the
 * NIC's reset closes the old connections (the client sees its connection end, never a wrong reply), a new
 * connection is served, and the shards, which share nothing with the front but channels, keep their keys.
 */
class KvNicFailureTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private Monitor monitor;

    @AfterEach
    void shutDown() {
        if (monitor != null) {
            monitor.close();
        }
    }

    enum Failure {
        /** The NIC stops both ways with no reply waiting: only the receive watchdog can notice. */
        NIC_STOP(Detection.DRIVER_TIMEOUT),
        NIC_ERROR(Detection.DEVICE_ERROR),
        NIC_CORRUPT(Detection.CHECKSUM),
        DRIVER_THROWS(Detection.TRAP),
        DRIVER_HANGS(Detection.HEARTBEAT);

        final Detection detection;

        Failure(Detection detection) {
            this.detection = detection;
        }

        Fault fault() {
            return switch (this) {
                case NIC_STOP -> new Fault.DeviceFailure(Fault.DeviceMode.STOP);
                case NIC_ERROR -> new Fault.DeviceFailure(Fault.DeviceMode.ERROR);
                case NIC_CORRUPT -> new Fault.DeviceFailure(Fault.DeviceMode.CORRUPT);
                case DRIVER_THROWS -> new Fault.DriverBug(false);
                case DRIVER_HANGS -> new Fault.DriverBug(true);
            };
        }
    }

    @ParameterizedTest
    @EnumSource(Failure.class)
    void theFrontIsRestartedOnItsNicsFailureAndTheShardsKeepTheirKeys(Failure failure) throws Exception {
        String text = Files.readString(Path.of("..", "examples", "kv.yaml")).replace("port: 6379", "port: 0");
        monitor = Monitor.boot(ConfigLoader.load("kv.yaml", new StringReader(text), StandardApps.registry()).spec(),
                StandardApps.registry());
        assertTrue(monitor.awaitBooted(30, TimeUnit.SECONDS));
        Nic nic = (Nic) monitor.device("net");
        String address = nic.address();
        String host = address.substring(0, address.lastIndexOf(':'));
        int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));

        try (Jedis before = new Jedis(host, port, 10_000)) {
            for (int i = 0; i < 40; i++) {
                assertEquals("OK", before.set("key:" + i, "value " + i));
            }
            switch (failure.fault()) {
                case Fault.DeviceFailure f -> monitor.injector().inject(nic, f);
                case Fault f -> monitor.injector().inject(monitor.sandbox("front"), f);
            }
            // The command goes out on the failed NIC (or to the failed driver): no reply can come, only the
            // end of the connection when the restarted front's NIC is reset.
            assertThrows(JedisConnectionException.class, () -> before.get("key:1"));
        }

        MonitorEvent.FaultDetected detected = await().atMost(PATIENCE).until(() -> monitor.events()
                .all(MonitorEvent.FaultDetected.class).stream().findFirst(), Optional::isPresent).orElseThrow();
        assertEquals("front", detected.sandbox(), detected.toString());
        assertEquals(failure.detection, detected.detection(), detected.cause());
        await().atMost(PATIENCE).until(() -> monitor.sandbox("front").incarnation() == 2 && monitor.sandbox("front").isServing());

        try (Jedis after = new Jedis(host, port, 10_000)) {
            await().atMost(PATIENCE).ignoreExceptions().until(() -> "PONG".equals(after.ping()));
            for (int i = 0; i < 40; i++) {
                assertEquals("value " + i, after.get("key:" + i), "the shards were never touched");
            }
        }
        for (String shard : new String[]{"kv-0", "kv-1", "kv-2", "kv-3"}) {
            assertEquals(1, monitor.sandbox(shard).incarnation(), shard + " was never restarted");
        }
    }
}
