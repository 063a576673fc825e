package dev.bulwark.bench;

import dev.bulwark.cli.BulwarkCli;
import picocli.CommandLine;

/**
 * The bench jar's entry point: the {@code bulwark} command line with {@code bench} added, so that
 * {@code ./bulwark bench ipc} keeps every convention of the other commands (exit codes, option errors,
 * closed standard output, internal errors). The launcher runs this jar for {@code bench} and cli's for the rest.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) {
        System.exit(BulwarkCli.execute(commandLine(), args));
    }

    /** {@code bulwark} with {@code bench}; tests drive it directly. */
    public static CommandLine commandLine() {
        CommandLine cli = BulwarkCli.commandLine();
        BulwarkCli.addCommand(cli, new BenchCommand());
        return cli;
    }
}
