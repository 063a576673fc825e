package dev.bulwark.sandbox.kernel;

/** An injected fault in app code: thrown where the app's handler would run. */
public final class AppFaultException extends RuntimeException {
    public AppFaultException(String message) {
        super(message);
    }
}
