package dev.bulwark.sandbox.kernel;

/** A kernel panic: the kernel hit a state it cannot continue from (or one was injected). */
public final class KernelPanicException extends RuntimeException {
    public KernelPanicException(String message) {
        super(message);
    }
}
