package dev.bulwark.cli;

import dev.bulwark.apps.StandardApps;
import dev.bulwark.cli.config.ConfigException;
import dev.bulwark.cli.config.ConfigLoader;
import dev.bulwark.hw.clock.NanoClock;
import dev.bulwark.ipc.Channel;
import dev.bulwark.ipc.ChannelStats;
import dev.bulwark.monitor.Monitor;
import dev.bulwark.monitor.Sandbox;
import dev.bulwark.monitor.spec.SystemSpec;
import dev.bulwark.sandbox.app.AppRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** Boots the chip a YAML config describes and runs it until Ctrl-C or {@code --duration}. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Boot the chip a YAML config describes and run it until Ctrl-C or --duration.",
                "Prints every event (boots, faults, detections, recoveries) as it is recorded, and one status line "
                        + "with every sandbox's incarnation and progress each --status-every; at the end, a table of "
                        + "the sandboxes and the channels. A bad config exits with code 2."})
final class RunCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "The chip to boot (YAML).")
    Path config;

    @Option(names = {"-d", "--duration"}, paramLabel = "TIME", converter = OptionValues.AnyDuration.class,
            description = "How long to run, e.g. 30s or 500ms (default: until Ctrl-C).")
    Duration duration;

    @Option(names = "--status-every", paramLabel = "TIME", defaultValue = "1s", converter = OptionValues.PositiveDuration.class,
            description = "How often to print the status line (default: ${DEFAULT-VALUE}).")
    Duration statusEvery;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = command.commandLine().getErr();
        AppRegistry apps = StandardApps.registry();
        SystemSpec spec;
        try {
            spec = ConfigLoader.load(config, apps);
        } catch (ConfigException e) {
            err.println("bulwark: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        try (Interruption interruption = Interruption.install()) {
            Output out = new Output(command.commandLine().getOut(), () -> interruption.request(Interruption.Cause.OUTPUT_CLOSED));
            long origin = NanoClock.SYSTEM.nanoTime();
            try (Monitor monitor = Monitor.boot(spec, apps)) {
                monitor.events().subscribe(e -> out.line(EventLines.line(e, origin)));
                try {
                    printStatusLines(out, monitor, origin);
                } catch (InterruptedException stopped) {
                    // Ctrl-C (or another signal, or a closed output) ends a run: report what it did
                }
                interruption.reporting();
                monitor.close(); // its shutdown events print before the summary
                printSummary(out, monitor);
            }
            return interruption.exitCode(ExitCodes.OK, command);
        }
    }

    /** A status line every {@code --status-every} until {@code --duration} is over (and one at the end of it). */
    private void printStatusLines(Output out, Monitor monitor, long origin) throws InterruptedException {
        long period = statusEvery.toNanos();
        while (true) {
            long left = duration == null ? period : duration.toNanos() - (System.nanoTime() - origin);
            TimeUnit.NANOSECONDS.sleep(Math.clamp(left, 0, period));
            out.line(status(monitor, origin));
            if (duration != null && System.nanoTime() - origin >= duration.toNanos()) {
                return;
            }
        }
    }

    private static String status(Monitor monitor, long origin) {
        List<String> parts = new ArrayList<>();
        for (Sandbox s : monitor.sandboxes()) {
            parts.add(s.name() + "#" + s.incarnation() + (s.state() == Sandbox.State.RUNNING ? "" : " " + s.state())
                    + " " + s.progress());
        }
        return String.format(Locale.ROOT, "%10.3f ms  status (progress = messages handled + timers fired): %s",
                (System.nanoTime() - origin) / 1e6, String.join(" | ", parts));
    }

    private static void printSummary(Output out, Monitor monitor) {
        out.line("");
        out.line("  %-16s %5s %6s %-10s %12s", "sandbox", "core", "inc", "state", "progress");
        for (Sandbox s : monitor.sandboxes()) {
            out.line("  %-16s %5d %6d %-10s %12d", s.name(), s.core().id(), s.incarnation(), s.state(), s.progress());
        }
        out.line("");
        out.line("  %-24s %10s %10s %6s %7s %8s", "channel", "sent", "handled", "lost", "queued", "refused");
        for (Channel c : monitor.channels()) {
            ChannelStats s = c.stats();
            out.line("  %-24s %10d %10d %6d %7d %8d", s.name(), s.sent(), s.handled(), s.lost(), s.queued(), s.refused());
        }
    }
}
