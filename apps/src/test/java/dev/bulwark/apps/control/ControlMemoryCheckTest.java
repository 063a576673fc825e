package dev.bulwark.apps.control;

import dev.bulwark.apps.AppPage;
import dev.bulwark.ipc.Message;
import dev.bulwark.sandbox.app.App;
import dev.bulwark.sandbox.app.AppMemoryCheck;
import dev.bulwark.sandbox.app.AppMemoryCorruptedException;
import dev.bulwark.sandbox.app.DeviceEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The control apps' memory checks: the plant's simulation and the controller's ledger pass pristine and after
 * a real run of the loop, every flipped bit of them is found, and the app that next touches a flipped word throws.
 */
class ControlMemoryCheckTest {
    private static final long MS = 1_000_000;
    private static final AppMemoryCheck PLANT = Plant.DESCRIPTOR.memoryCheck();
    private static final AppMemoryCheck CONTROLLER = Controller.DESCRIPTOR.memoryCheck();

    private final AppMemory controllerMemory = new AppMemory();
    private final AppMemory plantMemory = new AppMemory();
    private final Wire toPlant = new Wire("plant", 16);
    private final Wire toController = new Wire("controller", 16);
    private final Bench controllerBench = new Bench("controller", controllerMemory.window()).channel(toPlant);
    private final Bench plantBench = new Bench("plant", plantMemory.window()).channel(toController);
    private final App controller = Controller.DESCRIPTOR.factory().create(Map.of("plant", "plant", "clock", "clock"));
    private final App plant = Plant.DESCRIPTOR.factory().create(Map.of("controller", "controller"));

    @AfterEach
    void close() {
        controllerMemory.close();
        plantMemory.close();
    }

    /** Ticks 1..n of the loop, the plant answering each in 0.1 ms. */
    private void run(long from, long to) {
        for (long k = from; k <= to; k++) {
            controllerBench.now = k * MS + 5_000;
            controller.onDevice(controllerBench, new DeviceEvent.Tick("clock", k, k * MS, controllerBench.now, 0));
            for (Message m = toPlant.take(); m != null; m = toPlant.take()) {
                plant.onMessage(plantBench, m);
            }
            controllerBench.now += 100_000;
            for (Message m = toController.take(); m != null; m = toController.take()) {
                controller.onMessage(controllerBench, m);
            }
        }
    }

    @Test
    void pristineMemoryIsIntactAndAStartedLoopsToo() {
        assertEquals(Optional.empty(), PLANT.problem(plantMemory.view()));
        assertEquals(Optional.empty(), CONTROLLER.problem(controllerMemory.view()));
        controller.start(controllerBench);
        plant.start(plantBench);
        assertEquals(Optional.empty(), PLANT.problem(plantMemory.view()));
        assertEquals(Optional.empty(), CONTROLLER.problem(controllerMemory.view()));
    }

    @Test
    void afterARealRunEveryFlippedBitOfThePlantsStateAndTheControllersLedgerIsFound() {
        controller.start(controllerBench);
        plant.start(plantBench);
        run(1, 2_000);
        assertTrue(LoopLedger.upright(controllerMemory.view()) && LoopLedger.ticks(controllerMemory.view()) == 2_000);
        AppPage.assertEveryFlipFound(PLANT, plantMemory.view(), plantMemory::flip, 0, Plant.STATE_BYTES);
        AppPage.assertEveryFlipFound(CONTROLLER, controllerMemory.view(), controllerMemory::flip, 0, LoopLedger.BYTES);
    }

    @Test
    void theAppThatNextTouchesAFlippedWordThrowsInsteadOfGoingOnFromIt() {
        controller.start(controllerBench);
        plant.start(plantBench);
        run(1, 100);
        plantMemory.flip(Plant.THETA_AT + 7, 6); // an exponent bit: theta ~ 1e154
        controllerMemory.flip(LoopLedger.MISSES_AT, 0);
        assertThrows(AppMemoryCorruptedException.class, () -> run(101, 101), "the controller, at its tick");
        assertEquals(0, toPlant.size(), "it sent no command from a corrupt ledger");
        assertTrue(new LoopProtocol.Command(101, 101 * MS, 1.0).sendTo(toPlant));
        assertThrows(AppMemoryCorruptedException.class, () -> plant.onMessage(plantBench, toPlant.take()),
                "the plant, at its next command");
        assertThrows(AppMemoryCorruptedException.class, () -> plant.start(plantBench), "and at a restart on it");
    }
}
