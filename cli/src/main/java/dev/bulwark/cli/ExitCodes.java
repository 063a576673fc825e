package dev.bulwark.cli;

/**
 * The exit codes of every {@code bulwark} command, in one place. README.md's "Exit codes" paragraph says
 * the same.
 */
final class ExitCodes {
    /** Everything went as promised. */
    static final int OK = 0;
    /** A run whose outcome was not as promised (a fault not recovered, a sandbox that did not start). */
    static final int FAILED = 1;
    /** Bad input: an option, its value, or the config. */
    static final int BAD_INPUT = 2;
    /**
     * Ended by a signal after printing what it had. The JVM itself exits with 128 + the signal: 129 (SIGHUP),
     * 130 (SIGINT, Ctrl-C), 143 (SIGTERM); a command run in-process (tests) returns this one, SIGINT's.
     */
    static final int INTERRUPTED = 130;
    /**
     * Stopped because standard output was closed (its reader went away, as with {@code | head}): 128 + SIGPIPE,
     * what a program that SIGPIPE killed exits with. The JVM ignores SIGPIPE, so Bulwark notices the failed
     * write, stops the command and exits with this code itself.
     */
    static final int OUTPUT_CLOSED = 141;

    private ExitCodes() {
    }
}
