package dev.bulwark.hw.core;

/** The cause of the trap a core raises when it fails for good (a fail-stop hardware fault). */
public final class CoreFailedException extends RuntimeException {
    public CoreFailedException(int coreId) {
        super("core " + coreId + " failed (fail-stop)");
    }
}
