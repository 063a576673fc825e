package dev.bulwark.apps.control;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CartPoleTest {
    private static final CartPole PLANT = CartPole.STANDARD;
    private static final double DT = 0.001;

    @Test
    void withoutForceEnergyIsConservedWhileThePoleFalls() {
        for (PoleState start : new PoleState[]{PoleState.leaning(0.1), new PoleState(0.2, 0.5, -0.3, 0.8)}) {
            double e0 = PLANT.energy(start);
            PoleState s = start;
            double worst = 0;
            for (int i = 0; i < 700; i++) {
                s = PLANT.step(s, 0, DT);
                worst = Math.max(worst, Math.abs(PLANT.energy(s) - e0));
            }
            assertTrue(Math.abs(s.theta() - start.theta()) > 0.3, "the pole moved a lot: " + s);
            assertTrue(worst < 1e-8, "energy drifted by " + worst + " J from " + e0 + " J, starting at " + start);
        }
    }

    @Test
    void withoutControlThePoleFallsTheWayItLeans() {
        PoleState s = PoleState.leaning(0.1);
        int steps = 0;
        while (Math.abs(s.theta()) < LoopLedger.UPRIGHT_LIMIT && steps < 5000) {
            s = PLANT.step(s, 0, DT);
            steps++;
        }
        assertTrue(steps < 2000, "it should be down within 2 s, took " + steps + " steps");
        assertTrue(s.theta() > 0, "it leaned towards +x and fell that way: " + s);
        assertTrue(s.x() < 0, "the falling pole pushes the free cart back: " + s);
    }

    @Test
    void uprightAtRestIsAnEquilibrium() {
        PoleState s = PoleState.leaning(0);
        for (int i = 0; i < 1000; i++) {
            s = PLANT.step(s, 0, DT);
        }
        assertEquals(PoleState.leaning(0), s);
    }

    @Test
    void theLinearisationIsTheJacobianAtUpright() {
        CartPole.Linearisation lin = PLANT.linearised();
        double h = 1e-6;
        PoleState zero = PoleState.leaning(0);
        for (int j = 0; j < 4; j++) {
            double[] nudge = new double[4];
            nudge[j] = h;
            PoleState plus = PLANT.derivative(new PoleState(nudge[0], nudge[1], nudge[2], nudge[3]), 0);
            PoleState minus = PLANT.derivative(new PoleState(-nudge[0], -nudge[1], -nudge[2], -nudge[3]), 0);
            double[] column = difference(plus, minus, 2 * h);
            for (int i = 0; i < 4; i++) {
                assertEquals(column[i], lin.a()[i][j], 1e-6, "A[" + i + "][" + j + "]");
            }
        }
        double[] forceColumn = difference(PLANT.derivative(zero, h), PLANT.derivative(zero, -h), 2 * h);
        for (int i = 0; i < 4; i++) {
            assertEquals(forceColumn[i], lin.b()[i], 1e-6, "B[" + i + "]");
        }
    }

    @Test
    void aPushMovesTheCartThatWayAndTipsThePoleTheOther() {
        PoleState d = PLANT.derivative(PoleState.leaning(0), 1.0);
        assertTrue(d.xDot() > 0, "cart accelerates with the force: " + d);
        assertTrue(d.thetaDot() < 0, "the pole tips back: " + d);
    }

    @Test
    void parametersMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CartPole(1, 0, 0.5, 9.8));
        assertTrue(e.getMessage().contains("poleMass 0.0"), e.getMessage());
    }

    private static double[] difference(PoleState plus, PoleState minus, double over) {
        return new double[]{(plus.x() - minus.x()) / over, (plus.xDot() - minus.xDot()) / over,
                (plus.theta() - minus.theta()) / over, (plus.thetaDot() - minus.thetaDot()) / over};
    }
}
