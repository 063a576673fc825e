package dev.bulwark.apps.control;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LqrDesignTest {
    private static final double DT = 0.001;

    @Test
    void theSampledModelIsTheLinearModelIntegratedOverOneStep() {
        CartPole.Linearisation lin = CartPole.STANDARD.linearised();
        LqrDesign.Sampled sampled = LqrDesign.sample(lin, DT);
        double[] s = {0.3, -0.2, 0.1, 0.5};
        double force = 2.5;
        // 1000 RK4 sub-steps of s' = A s + B F with F held
        double[] integrated = s.clone();
        int n = 1000;
        double h = DT / n;
        for (int i = 0; i < n; i++) {
            double[] k1 = linear(lin, integrated, force);
            double[] k2 = linear(lin, plus(integrated, h / 2, k1), force);
            double[] k3 = linear(lin, plus(integrated, h / 2, k2), force);
            double[] k4 = linear(lin, plus(integrated, h, k3), force);
            for (int j = 0; j < 4; j++) {
                integrated[j] += h / 6 * (k1[j] + 2 * k2[j] + 2 * k3[j] + k4[j]);
            }
        }
        double[] sampledNext = LqrDesign.apply(sampled.a(), s);
        for (int j = 0; j < 4; j++) {
            assertEquals(integrated[j], sampledNext[j] + sampled.b()[j] * force, 1e-12, "component " + j);
        }
    }

    @Test
    void theGainsSolveTheRiccatiEquation() {
        LqrDesign.Sampled sampled = LqrDesign.sample(CartPole.STANDARD.linearised(), DT);
        double[][] p = LqrDesign.riccati(sampled, LqrDesign.LOOP_WEIGHTS);
        assertTrue(LqrDesign.riccatiResidual(sampled, LqrDesign.LOOP_WEIGHTS, p) < 1e-8);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(p[i][j], p[j][i], 1e-9 * Math.abs(p[i][j]), "P is symmetric");
            }
            assertTrue(p[i][i] > 0, "P is positive on its diagonal");
        }
    }

    @Test
    void theGainsStabiliseTheSampledLinearModel() {
        LqrDesign.Sampled sampled = LqrDesign.sample(CartPole.STANDARD.linearised(), DT);
        double[] k = LqrDesign.gains(sampled, LqrDesign.LOOP_WEIGHTS);
        double[][] closed = LqrDesign.subtract(sampled.a(), LqrDesign.outer(sampled.b(), k));
        for (int axis = 0; axis < 4; axis++) {
            double[] s = new double[4];
            s[axis] = 1;
            for (int i = 0; i < 20_000; i++) {   // 20 s
                s = LqrDesign.apply(closed, s);
            }
            assertTrue(norm(s) < 1e-6, "from a unit step on axis " + axis + " after 20 s: |s| = " + norm(s));
        }
    }

    @Test
    void theLawPushesTheCartUnderALeaningPole() {
        StateFeedback law = Controller.law();
        assertTrue(law.force(PoleState.leaning(0.05)) > 0);
        assertTrue(law.force(PoleState.leaning(-0.05)) < 0);
        assertEquals(Plant.MAX_FORCE, law.force(PoleState.leaning(1.0)), "saturates at the actuator's limit");
    }

    @Test
    void badWeightsAreRefusedNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LqrDesign.Weights(1, 1, 1, 1, 0));
        assertTrue(e.getMessage().contains("force"), e.getMessage());
    }

    private static double[] linear(CartPole.Linearisation lin, double[] s, double force) {
        double[] d = LqrDesign.apply(lin.a(), s);
        for (int j = 0; j < 4; j++) {
            d[j] += lin.b()[j] * force;
        }
        return d;
    }

    private static double[] plus(double[] s, double h, double[] d) {
        double[] out = new double[4];
        for (int j = 0; j < 4; j++) {
            out[j] = s[j] + h * d[j];
        }
        return out;
    }

    private static double norm(double[] s) {
        return Math.sqrt(LqrDesign.dot(s, s));
    }
}
