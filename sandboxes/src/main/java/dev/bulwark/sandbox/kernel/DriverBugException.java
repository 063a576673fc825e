package dev.bulwark.sandbox.kernel;

/** An injected bug in a device driver of the kernel: the driver threw. */
public final class DriverBugException extends RuntimeException {
    public DriverBugException(String message) {
        super(message);
    }
}
