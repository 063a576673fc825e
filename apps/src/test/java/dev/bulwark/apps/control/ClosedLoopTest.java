package dev.bulwark.apps.control;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The feedback law closing the loop on the nonlinear cart-pole in plain Java at 1 kHz, no kernel, no channels. */
class ClosedLoopTest {
    private static final CartPole PLANT = CartPole.STANDARD;

    /** The largest |theta| over {@code seconds} of control from {@code start}; the final state in {@code end[0]}. */
    private static double run(PoleState start, double seconds, int staleEvery, PoleState[] end) {
        StateFeedback law = Controller.law();
        PoleState s = start;
        PoleState seen = start;
        double worst = Math.abs(start.theta());
        int steps = (int) Math.round(seconds / Plant.STEP_SECONDS);
        for (int i = 1; i <= steps; i++) {
            double force = law.force(seen);
            s = PLANT.step(s, Math.max(-Plant.MAX_FORCE, Math.min(Plant.MAX_FORCE, force)), Plant.STEP_SECONDS);
            if (staleEvery == 0 || i % staleEvery != 0) {
                seen = s;          // the answer came in time; else the next force comes from the older state
            }
            worst = Math.max(worst, Math.abs(s.theta()));
        }
        end[0] = s;
        return worst;
    }

    @Test
    void fromTheDefaultLeanThePoleStaysUpAndSettles() {
        for (double angle : new double[]{0.1, -0.1}) {
            PoleState[] end = new PoleState[1];
            double worst = run(PoleState.leaning(angle), 10, 0, end);
            assertTrue(worst <= Math.abs(angle) + 1e-9, "it never leans further than it started: " + worst);
            assertTrue(Math.abs(end[0].theta()) < 1e-4, "settled upright after 10 s: " + end[0]);
            assertTrue(Math.abs(end[0].x()) < 1e-3, "the cart is back in the middle: " + end[0]);
        }
    }

    @Test
    void itCatchesALargerLeanWithTheActuatorSaturated() {
        PoleState[] end = new PoleState[1];
        double worst = run(PoleState.leaning(0.3), 10, 0, end);
        assertTrue(worst < LoopLedger.UPRIGHT_LIMIT, "stayed up: worst " + worst);
        assertTrue(Math.abs(end[0].theta()) < 1e-3, "settled: " + end[0]);
    }

    @Test
    void itStaysUpWhenEveryThirdStateArrivesTooLate() {
        PoleState[] end = new PoleState[1];
        double worst = run(PoleState.leaning(0.1), 10, 3, end);
        assertTrue(worst < LoopLedger.UPRIGHT_LIMIT, "stayed up: worst " + worst);
        assertTrue(Math.abs(end[0].theta()) < 1e-3, "settled: " + end[0]);
    }
}
