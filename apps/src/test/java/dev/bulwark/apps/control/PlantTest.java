package dev.bulwark.apps.control;

import dev.bulwark.ipc.Message;
import dev.bulwark.sandbox.app.App;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PlantTest {
    private final AppMemory memory = new AppMemory();
    private final Wire toController = new Wire("ctl", 4);
    private final Wire toPlant = new Wire("plant", 4);
    private final Bench bench = new Bench("plant", memory.window()).channel(toController);

    @AfterEach
    void close() {
        memory.close();
    }

    private App started(Map<String, String> params) {
        App plant = Plant.DESCRIPTOR.factory().create(params);
        plant.start(bench);
        return plant;
    }

    private LoopProtocol.Report command(App plant, long tick, double force) {
        new LoopProtocol.Command(tick, 1000 * tick, force).sendTo(toPlant);
        plant.onMessage(bench, toPlant.take());
        Message m = toController.take();
        return m == null ? null : LoopProtocol.Report.read(m);
    }

    @Test
    void eachCommandIsOneStepWithItsForceAndIsAnsweredWithTheNewState() {
        App plant = started(Map.of("controller", "ctl", "angle", "0.2"));
        PoleState expected = PoleState.leaning(0.2);
        for (long tick = 1; tick <= 3; tick++) {
            double force = tick - 2.0;
            expected = CartPole.STANDARD.step(expected, force, Plant.STEP_SECONDS);
            LoopProtocol.Report report = command(plant, tick + 40, force);
            assertEquals(new LoopProtocol.Report(tick + 40, 1000 * (tick + 40), tick, expected), report);
        }
        assertEquals(3, Plant.steps(memory.view()));
        assertEquals(expected, Plant.state(memory.view()));
    }

    @Test
    void theActuatorSaturatesAndANonNumberIsDropped() {
        App plant = started(Map.of("controller", "ctl"));
        LoopProtocol.Report report = command(plant, 1, 1e9);
        assertEquals(CartPole.STANDARD.step(PoleState.leaning(Plant.DEFAULT_ANGLE), Plant.MAX_FORCE, Plant.STEP_SECONDS),
                report.state());
        assertNull(command(plant, 2, Double.NaN));
        assertEquals(1, Plant.steps(memory.view()));
    }

    @Test
    void anAppRestartGoesOnAndAKernelRestartStartsTheSimulationAgain() {
        App plant = started(Map.of("controller", "ctl"));
        command(plant, 1, 3.0);
        PoleState afterOne = Plant.state(memory.view());

        App again = started(Map.of("controller", "ctl"));
        assertEquals(2, command(again, 2, 0).step());
        assertEquals(CartPole.STANDARD.step(afterOne, 0, Plant.STEP_SECONDS), Plant.state(memory.view()));

        memory.wipe();
        App fresh = started(Map.of("controller", "ctl"));
        assertEquals(PoleState.leaning(Plant.DEFAULT_ANGLE), Plant.state(memory.view()));
        assertEquals(1, command(fresh, 3, 0).step());
    }

    @Test
    void anAnswerTheChannelRefusesIsCountedNotRetried() {
        App plant = started(Map.of("controller", "ctl"));
        for (int i = 0; i < 4; i++) {
            new LoopProtocol.Command(i + 1, 0, 0).sendTo(toPlant);
            plant.onMessage(bench, toPlant.take());
        }
        new LoopProtocol.Command(5, 0, 0).sendTo(toPlant);
        plant.onMessage(bench, toPlant.take());
        assertEquals(4, toController.size());
        assertEquals("step 5 (0.0 s simulated), x -0.0000 m, theta 0.1000 rad, 1 answers refused",
                Plant.describe(memory.view()));
    }

    @Test
    void aBadAngleIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Plant.DESCRIPTOR.factory().create(Map.of("controller", "ctl", "angle", "ten degrees")));
        assertEquals("parameter 'angle' must be a number of radians, not 'ten degrees'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Plant.DESCRIPTOR.factory().create(Map.of("controller", "ctl", "angle", "4")));
        assertEquals("parameter 'angle' must lie in (-pi, pi] radians, not 4", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Plant.DESCRIPTOR.factory().create(Map.of()));
        assertEquals("plant needs parameter 'controller' (the controller its states go to)", e.getMessage());
    }
}
