package dev.bulwark.apps.control;

/**
 * Discrete-time LQR design for the cart-pole linearised about upright: finds the gains K of u = -K s that
 * minimise the sum over steps of s'Q s + u R u for the model sampled every {@code dt} seconds with the force
 * held over each step.
 *
 * <p>How: the linear model s' = A s + B u is sampled exactly (zero-order hold) by power series,
 * Ad = exp(A dt) and Bd = (integral over [0, dt] of exp(A t)) B; then the discrete algebraic Riccati
 * equation P = Q + Ad'P Ad - Ad'P Bd (R + Bd'P Bd)^-1 Bd'P Ad is solved by iterating it from P = Q until it
 * stops changing, and K = (R + Bd'P Bd)^-1 Bd'P Ad. With one input, R + Bd'P Bd is a number, so nothing
 * needs inverting. Each iterate is made symmetric again, (P + P')/2: rounding leaves an antisymmetric part
 * that the equation multiplies by A' and A every step, and along the unstable mode (the pole falling) that
 * part grows until it swamps P. At dt = 1 ms the slowest closed-loop mode moves little per step, so this takes some
 * ten thousand iterations: a few milliseconds, once.
 */
public final class LqrDesign {
    /** Iterations of the Riccati equation before the design gives up. */
    static final int MAX_ITERATIONS = 2_000_000;
    private static final double TOLERANCE = 1e-11;
    private static final int SERIES_TERMS = 20;

    private LqrDesign() {
    }

    /**
     * The weights of the quadratic cost: a diagonal Q over (x, x', theta, theta') and R on the force.
     */
    public record Weights(double x, double xDot, double theta, double thetaDot, double force) {
        public Weights {
            if (!(x >= 0 && xDot >= 0 && theta >= 0 && thetaDot >= 0 && force > 0)) {
                throw new IllegalArgumentException("LQR weights: state weights must be >= 0 and the force's > 0: " + this);
            }
        }

        double[] stateDiagonal() {
            return new double[]{x, xDot, theta, thetaDot};
        }
    }

    /**
     * The weights the control loop uses: the pole's angle matters most, the cart's position next (it must
     * come back to the middle of its track), force is cheap enough that the loop answers within a few
     * hundred milliseconds.
     */
    public static final Weights LOOP_WEIGHTS = new Weights(10, 1, 100, 1, 0.1);

    /** The sampled model: Ad (4x4) and Bd (4). */
    record Sampled(double[][] a, double[] b) {
    }

    /** The LQR gains for {@code plant} sampled every {@code dt} seconds, as a feedback law saturating at {@code maxForce}. */
    public static StateFeedback design(CartPole plant, double dt, Weights weights, double maxForce) {
        double[] k = gains(sample(plant.linearised(), dt), weights);
        return new StateFeedback(k[0], k[1], k[2], k[3], maxForce);
    }

    /** Ad = sum A^n dt^n / n!, Bd = sum A^n dt^(n+1) / (n+1)! B. */
    static Sampled sample(CartPole.Linearisation model, double dt) {
        if (!(dt > 0)) {
            throw new IllegalArgumentException("sampling period must be positive, not " + dt);
        }
        double[][] ad = identity();
        double[][] integral = scale(identity(), dt);
        double[][] power = identity();
        double factorial = 1;
        for (int n = 1; n < SERIES_TERMS; n++) {
            power = multiply(power, model.a());
            factorial *= n;
            ad = add(ad, scale(power, Math.pow(dt, n) / factorial));
            integral = add(integral, scale(power, Math.pow(dt, n + 1) / (factorial * (n + 1))));
        }
        return new Sampled(ad, apply(integral, model.b()));
    }

    /** K = (R + B'P B)^-1 B'P A for the sampled model, P the Riccati equation's solution. */
    static double[] gains(Sampled model, Weights weights) {
        double[][] p = riccati(model, weights);
        double[] pb = apply(p, model.b());
        return scaleVector(applyTransposed(model.a(), pb), 1 / (weights.force() + dot(model.b(), pb)));
    }

    /** P, by iterating the Riccati equation from P = Q until it stops changing. */
    static double[][] riccati(Sampled model, Weights weights) {
        double[][] a = model.a();
        double[] b = model.b();
        double[][] q = diagonal(weights.stateDiagonal());
        double r = weights.force();
        double[][] p = q;
        for (int i = 0; i < MAX_ITERATIONS; i++) {
            double[] pb = apply(p, b);                      // P B
            double s = r + dot(b, pb);                      // R + B'P B
            double[] apb = applyTransposed(a, pb);          // A'P B = (B'P A)'
            double[][] next = symmetric(add(q, subtract(multiply(transpose(a), multiply(p, a)), scale(outer(apb, apb), 1 / s))));
            double change = maxAbs(subtract(next, p));
            p = next;
            if (change <= TOLERANCE * maxAbs(p)) {
                return p;
            }
        }
        throw new IllegalStateException("the Riccati equation did not converge in " + MAX_ITERATIONS
                + " iterations: is the model stabilisable with these weights?");
    }

    /** The largest entry of |P - (Q + A'P A - A'P B (R + B'P B)^-1 B'P A)| relative to |P|: 0 for a solution. */
    static double riccatiResidual(Sampled model, Weights weights, double[][] p) {
        double[][] a = model.a();
        double[] b = model.b();
        double[] pb = apply(p, b);
        double[] bpa = applyTransposed(a, pb);
        double[][] rhs = add(diagonal(weights.stateDiagonal()),
                subtract(multiply(transpose(a), multiply(p, a)), scale(outer(bpa, bpa), 1 / (weights.force() + dot(b, pb)))));
        return maxAbs(subtract(p, rhs)) / maxAbs(p);
    }

    // -- 4x4 arithmetic, enough for the above ---------------------------------------------------------------

    static double[][] identity() {
        return diagonal(new double[]{1, 1, 1, 1});
    }

    /** (x + x') / 2. */
    static double[][] symmetric(double[][] x) {
        return scale(add(x, transpose(x)), 0.5);
    }

    static double[][] diagonal(double[] d) {
        double[][] m = new double[d.length][d.length];
        for (int i = 0; i < d.length; i++) {
            m[i][i] = d[i];
        }
        return m;
    }

    static double[][] multiply(double[][] x, double[][] y) {
        int n = x.length;
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int k = 0; k < n; k++) {
                    sum += x[i][k] * y[k][j];
                }
                m[i][j] = sum;
            }
        }
        return m;
    }

    static double[] apply(double[][] x, double[] v) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = dot(x[i], v);
        }
        return out;
    }

    /** x' v. */
    static double[] applyTransposed(double[][] x, double[] v) {
        double[] out = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            double sum = 0;
            for (int i = 0; i < x.length; i++) {
                sum += x[i][j] * v[i];
            }
            out[j] = sum;
        }
        return out;
    }

    static double[][] transpose(double[][] x) {
        double[][] m = new double[x.length][x.length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x.length; j++) {
                m[j][i] = x[i][j];
            }
        }
        return m;
    }

    static double[][] add(double[][] x, double[][] y) {
        double[][] m = new double[x.length][x.length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x.length; j++) {
                m[i][j] = x[i][j] + y[i][j];
            }
        }
        return m;
    }

    static double[][] subtract(double[][] x, double[][] y) {
        return add(x, scale(y, -1));
    }

    static double[][] scale(double[][] x, double factor) {
        double[][] m = new double[x.length][x.length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x.length; j++) {
                m[i][j] = x[i][j] * factor;
            }
        }
        return m;
    }

    static double[] scaleVector(double[] v, double factor) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * factor;
        }
        return out;
    }

    static double[][] outer(double[] u, double[] v) {
        double[][] m = new double[u.length][v.length];
        for (int i = 0; i < u.length; i++) {
            for (int j = 0; j < v.length; j++) {
                m[i][j] = u[i] * v[j];
            }
        }
        return m;
    }

    static double dot(double[] u, double[] v) {
        double sum = 0;
        for (int i = 0; i < u.length; i++) {
            sum += u[i] * v[i];
        }
        return sum;
    }

    static double maxAbs(double[][] x) {
        double max = 0;
        for (double[] row : x) {
            for (double e : row) {
                max = Math.max(max, Math.abs(e));
            }
        }
        return max;
    }
}
