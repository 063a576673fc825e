package dev.bulwark.bench.ipc;

/** A run that could not measure what it promised: a transport failed to set up, lost a message, or hung. */
public final class RunFailedException extends Exception {
    RunFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
