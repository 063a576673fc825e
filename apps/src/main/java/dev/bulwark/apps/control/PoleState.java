package dev.bulwark.apps.control;

/**
 * The state of a cart-pole: the cart's position {@code x} (m) and velocity {@code xDot} (m/s), the pole's
 * angle {@code theta} from upright (rad, positive leaning towards +x) and its angular velocity
 * {@code thetaDot} (rad/s).
 */
public record PoleState(double x, double xDot, double theta, double thetaDot) {
    /** At rest at the origin, leaning {@code theta} rad. */
    public static PoleState leaning(double theta) {
        return new PoleState(0, 0, theta, 0);
    }

    /** Whether every component is a finite number. */
    public boolean isFinite() {
        return Double.isFinite(x) && Double.isFinite(xDot) && Double.isFinite(theta) && Double.isFinite(thetaDot);
    }

    /** {@code this + h * d} (a Runge-Kutta stage). */
    PoleState plus(double h, PoleState d) {
        return new PoleState(x + h * d.x, xDot + h * d.xDot, theta + h * d.theta, thetaDot + h * d.thetaDot);
    }
}
