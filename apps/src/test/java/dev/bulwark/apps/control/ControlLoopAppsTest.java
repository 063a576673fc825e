package dev.bulwark.apps.control;

import dev.bulwark.ipc.Message;
import dev.bulwark.sandbox.app.App;
import dev.bulwark.sandbox.app.AppCheck;
import dev.bulwark.sandbox.app.AppParam;
import dev.bulwark.sandbox.app.DeviceEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two apps wired to each other through test channels, driven by synthetic ticks of a 1 ms clock: the
 * apps' own code closes the loop, without a kernel. The test plays the kernels: it hands each app what its
 * channel holds, in order, at the clock time it chooses.
 */
class ControlLoopAppsTest {
    private static final long MS = 1_000_000;

    private final AppMemory controllerMemory = new AppMemory();
    private final AppMemory plantMemory = new AppMemory();
    private final Wire toPlant = new Wire("plant", 16);
    private final Wire toController = new Wire("controller", 16);
    private final Bench controllerBench = new Bench("controller", controllerMemory.window()).channel(toPlant).withConsole("tty");
    private final Bench plantBench = new Bench("plant", plantMemory.window()).channel(toController);
    private App controller = Controller.DESCRIPTOR.factory().create(Map.of("plant", "plant", "clock", "clock", "console", "tty"));
    private final App plant = Plant.DESCRIPTOR.factory().create(Map.of("controller", "controller"));

    @AfterEach
    void close() {
        controllerMemory.close();
        plantMemory.close();
    }

    private void startBoth() {
        controller.start(controllerBench);
        plant.start(plantBench);
    }

    /** Tick k fires at k ms (+ lateness) on the controller. */
    private void tick(long k, long skipped) {
        controllerBench.now = k * MS + 5_000;
        controller.onDevice(controllerBench, new DeviceEvent.Tick("clock", k, k * MS, controllerBench.now, skipped));
    }

    /** The plant handles what waits for it, and its answers reach the controller {@code after} ns later. */
    private void plantAnswers(long after) {
        for (Message m = toPlant.take(); m != null; m = toPlant.take()) {
            plant.onMessage(plantBench, m);
        }
        controllerBench.now += after;
        for (Message m = toController.take(); m != null; m = toController.take()) {
            controller.onMessage(controllerBench, m);
        }
    }

    private long misses() {
        return LoopLedger.misses(controllerMemory.view());
    }

    @Test
    void theLoopKeepsThePoleUpAndMissesNothingWhenThePlantAnswersInTime() {
        startBoth();
        for (long k = 1; k <= 5000; k++) {
            tick(k, 0);
            plantAnswers(100_000);
        }
        tick(5001, 0);
        assertTrue(LoopLedger.upright(controllerMemory.view()), LoopLedger.describe(controllerMemory.view()));
        assertEquals(0, misses());
        assertEquals(5001, LoopLedger.ticks(controllerMemory.view()));
        assertEquals(5000, Plant.steps(plantMemory.view()));
        assertTrue(Math.abs(Plant.state(plantMemory.view()).theta()) < 1e-3, "settled: " + Plant.state(plantMemory.view()));
        assertEquals(5, controllerBench.printed("tty").size(), "a line a second, the first a second after start: "
                + controllerBench.printed("tty"));
        assertTrue(controllerBench.printed("tty").getFirst().startsWith("controller: ticks 1000, misses 0 of 999 (0.00%)"),
                controllerBench.printed("tty").getFirst());
    }

    @Test
    void lateAnswersAndSkippedTicksAreCountedAndThePoleStaysUp() {
        startBoth();
        long expected = 0;
        for (long k = 1; k <= 3000; k++) {
            tick(k, 0);
            if (k % 10 == 0) {
                plantAnswers(MS + 1);                     // after tick k+1's deadline
                expected += k > 1 ? 1 : 0;
            } else {
                plantAnswers(100_000);
            }
        }
        tick(3001, 0);
        assertEquals(expected, misses());
        tick(3005, 3);
        assertEquals(expected + 3 + 1, misses(), "three skipped, and tick 3001's command unanswered");
        assertTrue(LoopLedger.upright(controllerMemory.view()));
    }

    @Test
    void withoutAnswersTheControllerPushesBlindAndThePoleFalls() {
        startBoth();
        plantAnswers(1000);                              // nothing to answer yet
        tick(1, 0);
        plantAnswers(1000);                              // the loop closes on tick 1's answer
        for (long k = 2; k <= 2000; k++) {
            tick(k, 0);
            for (Message m = toPlant.take(); m != null; m = toPlant.take()) {
                plant.onMessage(plantBench, m);          // the plant steps, its answers are lost
            }
            while (toController.take() != null) {
                // dropped
            }
        }
        assertEquals(1998, misses());
        assertTrue(Math.abs(Plant.state(plantMemory.view()).theta()) > LoopLedger.UPRIGHT_LIMIT,
                "acting on tick 1's state for 2 s, the loop lets it fall: " + Plant.state(plantMemory.view()));
    }

    @Test
    void aRestartedControllerGoesOnFromItsAccount() {
        startBoth();
        for (long k = 1; k <= 500; k++) {
            tick(k, 0);
            plantAnswers(100_000);
        }
        controller = Controller.DESCRIPTOR.factory().create(Map.of("plant", "plant", "clock", "clock"));
        controller.start(controllerBench);               // an app restart: fields lost, memory kept
        for (long k = 501; k <= 1000; k++) {
            tick(k, 0);
            plantAnswers(100_000);
        }
        assertEquals(1000, LoopLedger.ticks(controllerMemory.view()));
        assertEquals(0, misses());
        assertTrue(LoopLedger.upright(controllerMemory.view()));
    }

    @Test
    void ticksOfAnotherTimerAreNotTheLoops() {
        startBoth();
        controller.onDevice(controllerBench, new DeviceEvent.Tick("other", 1, MS, MS, 0));
        assertEquals(0, toPlant.size());
        assertEquals(0, LoopLedger.ticks(controllerMemory.view()));
    }

    @Test
    void twoControllersOfOnePlantAreWarnedAtTheSecond() {
        assertEquals(List.of(new AppCheck.Warning("c2", "plant",
                        "plant 'p' is driven by c1 already: both would step its simulation, and it answers only one of them")),
                Controller.checkPlants(List.of(new AppCheck.Use("c1", Map.of("plant", "p")),
                        new AppCheck.Use("c2", Map.of("plant", "p")), new AppCheck.Use("c3", Map.of("plant", "q")))));
        assertEquals(List.of(), Controller.checkPlants(List.of(new AppCheck.Use("c1", Map.of("plant", "p")))));
    }

    @Test
    void theControllerNeedsAPlantAndAClock() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Controller.DESCRIPTOR.factory().create(Map.of("plant", "plant")));
        assertEquals("controller needs parameter 'clock' (the timer whose ticks pace the loop (period 1 ms))", e.getMessage());
        assertEquals(AppParam.Kind.DEVICE, Controller.DESCRIPTOR.param("clock").kind());
    }
}
