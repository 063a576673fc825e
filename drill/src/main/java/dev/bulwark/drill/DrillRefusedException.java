package dev.bulwark.drill;

/**
 * A drill that cannot start as asked: a fault kind of its mix that no target on its chip takes, say. Thrown before
 * anything is injected; its message names what was asked and what the chip offers.
 */
public final class DrillRefusedException extends RuntimeException {
    public DrillRefusedException(String message) {
        super(message);
    }
}
