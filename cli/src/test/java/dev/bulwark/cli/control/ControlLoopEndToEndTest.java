package dev.bulwark.cli.control;

import dev.bulwark.apps.StandardApps;
import dev.bulwark.apps.TokenRing;
import dev.bulwark.apps.control.LoopLedger;
import dev.bulwark.apps.control.Plant;
import dev.bulwark.cli.config.ConfigLoader;
import dev.bulwark.cli.config.LoadedConfig;
import dev.bulwark.hw.clock.NanoClock;
import dev.bulwark.hw.fault.Fault;
import dev.bulwark.monitor.Monitor;
import dev.bulwark.monitor.Sandbox;
import dev.bulwark.monitor.spec.SystemSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The control loop of {@code examples/control.yaml} booted by the monitor, its timer device ticking at 1 kHz,
 * while kernel panics go into a bystander sandbox of the token ring: the bystander is restarted each time, the
 * loop's sandboxes never are, and the pole stays up. Deadline misses are not asserted (timing on a shared
 * 2-CPU host is not behaviour); ControlProbe measures them.
 */
class ControlLoopEndToEndTest {
    static final Path CONFIG = Path.of("..", "examples", "control.yaml");
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final int PANICS = 4;

    private Monitor monitor;

    @AfterEach
    void shutDown() {
        if (monitor != null) {
            monitor.close();
        }
    }

    private long ticks() {
        return LoopLedger.ticks(monitor.sandbox("controller").appMemory());
    }

    @Test
    void kernelPanicsInABystanderLeaveTheLoopRunningAndThePoleUp() throws Exception {
        LoadedConfig loaded = ConfigLoader.load(CONFIG, StandardApps.registry());
        assertEquals(List.of(), loaded.warnings(), "the example loads without warnings");
        SystemSpec spec = loaded.spec();
        monitor = Monitor.boot(spec, StandardApps.registry(), NanoClock.SYSTEM, 7);
        assertTrue(monitor.awaitBooted(PATIENCE.toSeconds(), TimeUnit.SECONDS), "the chip booted");
        Sandbox controller = monitor.sandbox("controller");
        Sandbox plant = monitor.sandbox("plant");
        Sandbox bystander = monitor.sandbox("ring-1");

        await().atMost(PATIENCE).until(() -> LoopLedger.deadlines(controller.appMemory()) > 100);
        long ticksBefore = ticks();
        long stepsBefore = Plant.steps(plant.appMemory());

        for (int i = 1; i <= PANICS; i++) {
            int incarnation = bystander.incarnation();
            long at = ticks();
            monitor.injector().inject(bystander, new Fault.KernelPanic(Fault.Site.KERNEL));
            await().atMost(PATIENCE).until(() -> bystander.incarnation() > incarnation && bystander.isServing());
            await().atMost(PATIENCE).until(() -> ticks() >= at + 400);   // the loop went on: ~0.4 s of ticks
        }
        long hops = TokenRing.hops(bystander.appMemory());
        await().atMost(PATIENCE).until(() -> TokenRing.hops(bystander.appMemory()) > hops + 100);

        assertEquals(1 + PANICS, bystander.incarnation(), "the bystander was restarted after each panic");
        assertEquals(1, controller.incarnation(), "the controller was never restarted");
        assertEquals(1, plant.incarnation(), "the plant was never restarted");
        assertTrue(ticks() >= ticksBefore + PANICS * 400, "ticks advanced: " + ticksBefore + " -> " + ticks());
        assertTrue(Plant.steps(plant.appMemory()) > stepsBefore + PANICS * 300, "the plant kept stepping");
        assertTrue(LoopLedger.upright(controller.appMemory()), LoopLedger.describe(controller.appMemory()));
        assertTrue(Math.abs(LoopLedger.theta(controller.appMemory())) < 0.05,
                "settled near upright: " + LoopLedger.describe(controller.appMemory()));
        assertTrue(LoopLedger.misses(controller.appMemory()) <= LoopLedger.deadlines(controller.appMemory()));
    }
}
