package dev.bulwark.bench;

import dev.bulwark.bench.ipc.IpcCommand;
import picocli.CommandLine.Command;

/** {@code bulwark bench}: benchmarks, each printed beside its baselines measured in the same run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks, each printed beside its baselines measured in the same run.",
        subcommands = {IpcCommand.class})
public final class BenchCommand {
}
