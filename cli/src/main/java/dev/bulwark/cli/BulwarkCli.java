package dev.bulwark.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Arrays;

/** The {@code bulwark} command. Exit codes: {@link ExitCodes}. */
@Command(name = "bulwark",
        mixinStandardHelpOptions = true,
        versionProvider = BulwarkCli.Version.class,
        description = "A Quest-V-style multikernel research OS: isolated kernels on modeled cores, "
                + "lock-free channels, and a monitor that detects and recovers failed kernels.",
        subcommands = {DemoCommand.class, RunCommand.class, DrillCommand.class, CommandLine.HelpCommand.class})
public final class BulwarkCli {
    /** The last line of the top-level help, below the exit codes: the command that lives in the bench jar. */
    static final String BENCH_HINT = "IPC benchmark: ./bulwark bench ipc --help (the bench jar, which ./bulwark builds on first use)";

    public static void main(String[] args) {
        System.exit(execute(commandLine(), args));
    }

    /**
     * Runs {@code cli} on the process's standard output and error and returns its exit code; {@link #main}, and
     * the bench jar's main with its {@code bench} command added.
     */
    public static int execute(CommandLine cli, String[] args) {
        // Writers built directly on the PrintStreams consult their error flags, so that Output can tell a
        // closed standard output (picocli's default writers cannot). UTF-8, as picocli's writers wrote.
        cli.setOut(new PrintWriter(System.out, true, Charset.defaultCharset()));
        cli.setErr(new PrintWriter(System.err, true, Charset.defaultCharset()));
        return cli.execute(args);
    }

    /**
     * The command line; tests drive it directly. Bad options and values end in {@link OptionErrors} (exit
     * code 2); picocli's own code for an exception escaping a command is 1. Every help ends with the exit codes.
     */
    public static CommandLine commandLine() {
        return commandLine(CommandLine.defaultFactory());
    }

    /** The command line with its commands made by {@code factory} (tests give a command other apps). */
    static CommandLine commandLine(CommandLine.IFactory factory) {
        CommandLine cli = new CommandLine(new BulwarkCli(), factory)
                .setParameterExceptionHandler(new OptionErrors())
                .setExecutionExceptionHandler(BulwarkCli::internalError);
        ExitCodes.document(cli);
        String[] footer = Arrays.copyOf(ExitCodes.HELP, ExitCodes.HELP.length + 2);
        footer[footer.length - 1] = BENCH_HINT;
        footer[footer.length - 2] = "";
        cli.getCommandSpec().usageMessage().footer(footer);
        return cli;
    }

    /**
     * Adds {@code command} (an object with picocli's {@code @Command}) to {@code cli}, a command line made by
     * {@link #commandLine()}, with the same conventions: bad options end in exit code 2 through the top-level
     * handlers, a throwable escaping it is an internal error, and its help (and its subcommands') ends with the
     * exit codes. The bench jar adds {@code bench} this way. Returns the added command's command line.
     */
    public static CommandLine addCommand(CommandLine cli, Object command) {
        CommandLine added = new CommandLine(command);
        cli.addSubcommand(added);
        ExitCodes.document(added);
        return added;
    }

    /**
     * A throwable that escaped a command is Bulwark's own defect, not the user's: one line that says so,
     * exit 1, and the stack trace only when BULWARK_DEBUG is set (for the bug report).
     */
    private static int internalError(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
        PrintWriter err = command.getErr();
        String message = e.getMessage() == null ? "" : ": " + e.getMessage().replace('\n', ' ');
        err.println(command.getCommandSpec().qualifiedName() + ": internal error (" + e.getClass().getSimpleName()
                + message + "); please report it, with the output of the same command run with BULWARK_DEBUG=1");
        if (System.getenv("BULWARK_DEBUG") != null) {
            e.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.FAILED;
    }

    /** Bulwark's version (the drill module holds it: a drill's report records it too) and the JVM's. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"bulwark " + dev.bulwark.drill.Version.current(), "Java " + Runtime.version()};
        }
    }
}
