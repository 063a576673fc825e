package dev.bulwark.hw.core;

/** Receives traps. Called on the trapping core's thread, so it must only hand the trap on, never block. */
@FunctionalInterface
public interface TrapHandler {
    void onTrap(Trap trap);
}
