package dev.bulwark.apps.control;

/**
 * An inverted pendulum on a cart, without friction: the standard equations (Barto, Sutton and Anderson 1983;
 * Florian 2007, frictionless case) for a cart of mass {@code cartMass} (kg) pushed along a track by a force
 * F (N), carrying a uniform pole of mass {@code poleMass} (kg) and half-length {@code halfLength} (m) on a
 * hinge, under gravity {@code gravity} (m/s²). With M = cartMass + poleMass, m = poleMass, l = halfLength:
 * <pre>
 *   theta'' = (g sin(theta) - cos(theta) (F + m l theta'^2 sin(theta)) / M) / (l (4/3 - m cos^2(theta) / M))
 *   x''     = (F + m l (theta'^2 sin(theta) - theta'' cos(theta))) / M
 * </pre>
 * With no force the system conserves {@link #energy}. {@link #step} integrates one step with classic
 * fourth-order Runge-Kutta, the force held over the step (a zero-order hold, as a sampled controller gives).
 *
 * <p>Immutable; every method is a pure function.
 */
public record CartPole(double cartMass, double poleMass, double halfLength, double gravity) {
    /** The textbook cart-pole: 1 kg cart, 0.1 kg pole 1 m long, g = 9.8 m/s². */
    public static final CartPole STANDARD = new CartPole(1.0, 0.1, 0.5, 9.8);

    public CartPole {
        if (!(cartMass > 0 && poleMass > 0 && halfLength > 0 && gravity > 0)) {
            throw new IllegalArgumentException("cart-pole parameters must be positive: cartMass %s, poleMass %s, halfLength %s, gravity %s"
                    .formatted(cartMass, poleMass, halfLength, gravity));
        }
    }

    private double totalMass() {
        return cartMass + poleMass;
    }

    /** The time derivative of {@code s} under force {@code force}: (x', x'', theta', theta''). */
    public PoleState derivative(PoleState s, double force) {
        double sin = Math.sin(s.theta());
        double cos = Math.cos(s.theta());
        double m = totalMass();
        double push = (force + poleMass * halfLength * s.thetaDot() * s.thetaDot() * sin) / m;
        double thetaAcc = (gravity * sin - cos * push) / (halfLength * (4.0 / 3.0 - poleMass * cos * cos / m));
        double xAcc = push - poleMass * halfLength * thetaAcc * cos / m;
        return new PoleState(s.xDot(), xAcc, s.thetaDot(), thetaAcc);
    }

    /** The state {@code dt} seconds after {@code s}, {@code force} held over the step (RK4). */
    public PoleState step(PoleState s, double force, double dt) {
        PoleState k1 = derivative(s, force);
        PoleState k2 = derivative(s.plus(dt / 2, k1), force);
        PoleState k3 = derivative(s.plus(dt / 2, k2), force);
        PoleState k4 = derivative(s.plus(dt, k3), force);
        return new PoleState(
                s.x() + dt / 6 * (k1.x() + 2 * k2.x() + 2 * k3.x() + k4.x()),
                s.xDot() + dt / 6 * (k1.xDot() + 2 * k2.xDot() + 2 * k3.xDot() + k4.xDot()),
                s.theta() + dt / 6 * (k1.theta() + 2 * k2.theta() + 2 * k3.theta() + k4.theta()),
                s.thetaDot() + dt / 6 * (k1.thetaDot() + 2 * k2.thetaDot() + 2 * k3.thetaDot() + k4.thetaDot()));
    }

    /**
     * Kinetic plus potential energy (J), potential measured from the hinge: the pole's centre at
     * (x + l sin(theta), l cos(theta)), its moment of inertia about the centre m l²/3.
     */
    public double energy(PoleState s) {
        double m = totalMass();
        double kinetic = 0.5 * m * s.xDot() * s.xDot()
                + poleMass * halfLength * s.xDot() * s.thetaDot() * Math.cos(s.theta())
                + 0.5 * (4.0 / 3.0) * poleMass * halfLength * halfLength * s.thetaDot() * s.thetaDot();
        return kinetic + poleMass * gravity * halfLength * Math.cos(s.theta());
    }

    /**
     * The equations linearised about upright at rest (theta = 0, no motion, no force): s' = A s + B F with
     * s = (x, x', theta, theta').
     */
    public Linearisation linearised() {
        double m = totalMass();
        double denominator = halfLength * (4.0 / 3.0 - poleMass / m);
        double thetaPerTheta = gravity / denominator;
        double thetaPerForce = -1.0 / (m * denominator);
        double xPerTheta = -poleMass * halfLength * thetaPerTheta / m;
        double xPerForce = 1.0 / m - poleMass * halfLength * thetaPerForce / m;
        double[][] a = {
                {0, 1, 0, 0},
                {0, 0, xPerTheta, 0},
                {0, 0, 0, 1},
                {0, 0, thetaPerTheta, 0}};
        double[] b = {0, xPerForce, 0, thetaPerForce};
        return new Linearisation(a, b);
    }

    /**
     * A linear model s' = A s + B u of the cart-pole near upright, state s = (x, x', theta, theta'), input u
     * the force. The arrays are the caller's copies.
     */
    public record Linearisation(double[][] a, double[] b) {
    }
}
