package dev.bulwark.hw.core;

/** Thrown at a port used by an incarnation whose lease the monitor has revoked. */
public final class LeaseRevokedException extends IllegalStateException {
    public LeaseRevokedException(String holder) {
        super("lease of " + holder + " was revoked");
    }
}
