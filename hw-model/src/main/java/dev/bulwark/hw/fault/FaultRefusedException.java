package dev.bulwark.hw.fault;

/**
 * A target that accepts a fault's kind could not take this fault now, for example a sandbox whose kernel
 * is being replaced: nothing was delivered. The injector records the refusal beside the injection.
 */
public final class FaultRefusedException extends RuntimeException {
    public FaultRefusedException(String message) {
        super(message);
    }
}
