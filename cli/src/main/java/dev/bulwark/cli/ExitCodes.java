package dev.bulwark.cli;

import picocli.CommandLine;

/**
 * The exit codes of every {@code bulwark} command, in one place: the constants, and {@link #HELP}, which
 * {@link #document} puts at the foot of each command's {@code --help}. README.md's "Exit codes" paragraph
 * says the same.
 */
public final class ExitCodes {
    /** Everything went as promised. */
    public static final int OK = 0;
    /** A run whose outcome was not as promised (a fault not recovered, a sandbox that did not start). */
    public static final int FAILED = 1;
    /** Bad input: an option, its value, or the config. */
    public static final int BAD_INPUT = 2;
    /**
     * Ended by a signal after printing what it had. The JVM itself exits with 128 + the signal: 129 (SIGHUP),
     * 130 (SIGINT, Ctrl-C), 143 (SIGTERM); a command run in-process (tests) returns this one, SIGINT's.
     */
    public static final int INTERRUPTED = 130;
    /**
     * Stopped because standard output was closed (its reader went away, as with {@code | head}): 128 + SIGPIPE,
     * what a program that SIGPIPE killed exits with. The JVM ignores SIGPIPE, so Bulwark notices the failed
     * write, stops the command and exits with this code itself.
     */
    public static final int OUTPUT_CLOSED = 141;

    /** The exit codes as the foot of a command's help shows them, under "Exit codes:". */
    static final String[] HELP = {
        "  0    success",
        "  1    a run whose outcome was not as promised",
        "  2    bad input: an option, its value, or the config",
        "  3    the ./bulwark launcher found no JDK 25, or no Maven to build with",
        "  129  ended by SIGHUP, after printing what it had",
        "  130  ended by SIGINT (Ctrl-C), after printing what it had",
        "  141  standard output was closed (as by | head): stopped, printing nothing more",
        "  143  ended by SIGTERM, after printing what it had",
    };

    private ExitCodes() {
    }

    /** Puts {@link #HELP} at the foot of the help of {@code cli} and of each of its commands but {@code help}. */
    static void document(CommandLine cli) {
        if (!(cli.getCommand() instanceof CommandLine.HelpCommand)) {
            cli.getCommandSpec().usageMessage().footerHeading("%nExit codes:%n").footer(HELP);
        }
        cli.getSubcommands().values().forEach(ExitCodes::document);
    }
}
