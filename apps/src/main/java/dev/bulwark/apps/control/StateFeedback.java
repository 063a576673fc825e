package dev.bulwark.apps.control;

/**
 * A linear state-feedback law with a saturating actuator: F = -(kx x + kxDot x' + kTheta theta + kThetaDot
 * theta'), clipped to [-maxForce, maxForce]. The gains come from {@link LqrDesign}.
 */
public record StateFeedback(double kx, double kxDot, double kTheta, double kThetaDot, double maxForce) {
    public StateFeedback {
        if (!(maxForce > 0)) {
            throw new IllegalArgumentException("maxForce must be positive, not " + maxForce);
        }
    }

    /** The force for state {@code s}, in [-maxForce, maxForce]. */
    public double force(PoleState s) {
        double u = -(kx * s.x() + kxDot * s.xDot() + kTheta * s.theta() + kThetaDot * s.thetaDot());
        return Math.max(-maxForce, Math.min(maxForce, u));
    }
}
