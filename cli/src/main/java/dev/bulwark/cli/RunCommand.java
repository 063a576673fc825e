package dev.bulwark.cli;

import dev.bulwark.apps.StandardApps;
import dev.bulwark.cli.config.ConfigException;
import dev.bulwark.cli.config.ConfigLoader;
import dev.bulwark.cli.config.LoadedConfig;
import dev.bulwark.cli.inject.BadInjection;
import dev.bulwark.cli.inject.ChipTargets;
import dev.bulwark.cli.inject.Injection;
import dev.bulwark.cli.inject.InjectionSchedule;
import dev.bulwark.cli.inject.InjectionSyntax;
import dev.bulwark.hw.clock.NanoClock;
import dev.bulwark.ipc.channel.Channel;
import dev.bulwark.ipc.channel.ChannelStats;
import dev.bulwark.monitor.spec.Units;
import dev.bulwark.monitor.EventLog;
import dev.bulwark.monitor.Monitor;
import dev.bulwark.monitor.PinningReport;
import dev.bulwark.monitor.Sandbox;
import dev.bulwark.monitor.event.MonitorEvent;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Boots the chip a YAML config describes and runs it until Ctrl-C or {@code --duration}, counted from the
 * moment every sandbox serves. Exits 1 if the recovery policy stopped any sandbox on the way.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Boot the chip a YAML config describes and run it until Ctrl-C or --duration.",
                "Prints every event (boots, faults, detections, recoveries) as it is recorded, and one status line "
                        + "with every sandbox's incarnation and progress each --status-every (and, with --pin or chip.pin, one line "
                        + "saying where each core's thread was pinned); at the end, a table of "
                        + "the sandboxes (and why any stopped) and the channels. --duration counts from the moment "
                        + "every sandbox serves. A batch app (a map-reduce driver) ends the run when its job is done, "
                        + "if no --duration was given. A bad config exits with code 2; a run in which the recovery policy "
                        + "stopped a sandbox, or a job failed, exits with code 1.",
                "--inject makes a chosen fault at a chosen time: each injection prints a line when the run starts "
                        + "(with what the seed drew), and its fault, the detection and the recovery print as events."})
final class RunCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "The chip to boot (YAML).")
    Path config;

    @Option(names = {"-d", "--duration"}, paramLabel = "TIME", converter = OptionValues.AnyDuration.class,
            description = "How long to run, e.g. 30s or 500ms (default: until Ctrl-C).")
    Duration duration;

    @Option(names = "--pin", description = "Pin each core that runs a sandbox to a host CPU, round-robin over the CPUs "
            + "this process may use, as chip.pin: true does; prints where each went, or why it could not be.")
    boolean pin;

    @Option(names = "--status-every", paramLabel = "TIME", defaultValue = "1s", converter = OptionValues.PositiveDuration.class,
            description = "How often to print the status line (default: ${DEFAULT-VALUE}).")
    Duration statusEvery;

    @Option(names = "--inject", paramLabel = "FAULT",
            description = {"Inject a fault at a chosen time; repeatable. FAULT is 'KIND key=value... after=TIME', as in "
                    + "'kernel-panic sandbox=ring-1 after=2s'. The kinds and their keys: kernel-panic or panic (sandbox=NAME, "
                    + "site=kernel|app), hang (sandbox=NAME), bit-flip (sandbox=NAME, area=kernel|app, offset=BYTE, "
                    + "bit=0..7), wild-write (sandbox=NAME, distance=BYTES past the partition), core-fail-stop (core=N), "
                    + "device-failure (device=NAME, mode=stop|error|corrupt, as that kind of device can fail) and "
                    + "driver-bug (sandbox=NAME of one that owns a device, hangs=true|false), message-corruption "
                    + "(channel=FROM->TO, bit=0..65535 of the message's sealed bits); monitor-fault has no target yet. "
                    + "after= counts from the moment every sandbox serves, as "
                    + "--duration does, and must come before the run's end. A key left out is drawn from --seed, and the "
                    + "run prints what was drawn."})
    List<String> injections = new ArrayList<>();

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Seed of the fault injector, which draws every parameter an --inject leaves out (default: ${DEFAULT-VALUE}).")
    long seed;

    @Spec
    CommandSpec command;

    /** The apps a config may run. */
    AppRegistry apps = StandardApps.registry();

    @Override
    public Integer call() throws Exception {
        PrintWriter err = command.commandLine().getErr();
        SystemSpec spec;
        try {
            LoadedConfig loaded = ConfigLoader.load(config, apps, pin ? s -> s.withChip(s.chip().withPin(true)) : s -> s);
            loaded.warnings().forEach(err::println);
            spec = loaded.spec();
        } catch (ConfigException e) {
            err.println("bulwark: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        List<Injection> injected = injections(() -> InjectionSyntax.parse(injections, ChipTargets.of(spec), duration));
        try (Interruption interruption = Interruption.install()) {
            Output out = new Output(command.commandLine().getOut(), () -> interruption.request(Interruption.Cause.OUTPUT_CLOSED));
            long origin = NanoClock.SYSTEM.nanoTime();
            Monitor booted;
            try {
                booted = Monitor.boot(spec, apps, NanoClock.SYSTEM, seed);
            } catch (IllegalStateException e) { // a device could not be set up: a port in use, a file that cannot be opened
                err.println("bulwark: " + e.getMessage());
                return ExitCodes.FAILED;
            }
            try (Monitor monitor = booted) {
                InjectionSchedule schedule = injections(() -> InjectionSchedule.plan(injected, monitor));
                CompletableFuture<MonitorEvent.JobFinished> job = new CompletableFuture<>();
                monitor.events().subscribe(e -> {
                    out.line(EventLines.line(e, origin));
                    if (e instanceof MonitorEvent.JobFinished done) {
                        job.complete(done);
                    }
                });
                try {
                    awaitBooted(out, monitor, origin);
                    long start = System.nanoTime();
                    printPlan(out, schedule, origin);
                    schedule.start(start, problem -> out.line("%10.3f ms  %s", (System.nanoTime() - origin) / 1e6, problem));
                    printStatusLines(out, monitor, origin, start, job);
                } catch (InterruptedException stopped) {
                    // Ctrl-C (or another signal, or a closed output) ends a run in any phase: report what it did
                }
                interruption.reporting();
                for (InjectionSchedule.Planned p : schedule.stop()) { // before the close: no fault lands on a chip shutting down
                    out.line("%10.3f ms  injection #%d at +%s not made: the run ended first", (System.nanoTime() - origin) / 1e6,
                            p.number(), after(p));
                }
                Map<String, String> appStates = appStates(monitor); // read before the close revokes the partitions
                monitor.close(); // its shutdown events print before the summary; afterwards the counters are final
                monitor.events().flush(TimeUnit.SECONDS.toMillis(5));
                boolean stoppedByPolicy = printSummary(out, monitor, appStates);
                boolean jobFailed = job.isDone() && !job.join().success();
                return interruption.exitCode(stoppedByPolicy || jobFailed ? ExitCodes.FAILED : ExitCodes.OK, command);
            }
        }
    }

    /** What {@code read} gives; a bad {@code --inject} value ends the command as a bad option value does (exit 2). */
    private <T> T injections(Supplier<T> read) {
        try {
            return read.get();
        } catch (BadInjection e) {
            throw OptionErrors.badValue(command, "--inject", e.typed(), e.getMessage());
        }
    }

    /** Waits for every sandbox to serve once (or be stopped), with a status line each period meanwhile. */
    private void awaitBooted(Output out, Monitor monitor, long origin) throws InterruptedException {
        while (!monitor.awaitBooted(statusEvery.toNanos(), TimeUnit.NANOSECONDS)) {
            long serving = monitor.sandboxes().stream().filter(Sandbox::isServing).count();
            out.line("%10.3f ms  booting: %d of %d sandboxes serving", (System.nanoTime() - origin) / 1e6, serving,
                    monitor.sandboxes().size());
        }
        monitor.events().flush(TimeUnit.SECONDS.toMillis(1)); // the boot events print before the line that sums them up
        out.line("%10.3f ms  all %d sandboxes booted%s", (System.nanoTime() - origin) / 1e6, monitor.sandboxes().size(),
                duration == null ? "" : "; running for " + Units.duration(duration));
        PinningReport pinning = monitor.pinning(); // complete: each core pinned itself before its kernel served
        if (pinning.requested()) {
            out.line("%10.3f ms  %s", (System.nanoTime() - origin) / 1e6, pinning.line());
        }
    }

    /** A line per injection, as it will be made: when, into what, with which parameters, and what the seed drew. */
    private void printPlan(Output out, InjectionSchedule schedule, long origin) {
        for (InjectionSchedule.Planned p : schedule.planned()) {
            out.line("%10.3f ms  injection #%d at +%s: %s: %s (%s)", (System.nanoTime() - origin) / 1e6, p.number(),
                    after(p), p.target().targetName(), InjectionSyntax.words(p.fault()),
                    p.injection().drawn().isEmpty() ? "as given" : "drawn from seed " + seed + ": " + String.join(", ", p.injection().drawn()));
        }
    }

    /** When {@code p} is due, as its line prints it: {@code 2s}, {@code 0s}. */
    private static String after(InjectionSchedule.Planned p) {
        Duration after = p.injection().after();
        return after.isZero() ? "0s" : Units.duration(after);
    }

    /**
     * A status line every {@code --status-every} until {@code --duration}, counted from {@code start}, is over
     * (and one at the end of it), or, without a duration, until a job is finished.
     */
    private void printStatusLines(Output out, Monitor monitor, long origin, long start,
                                  CompletableFuture<MonitorEvent.JobFinished> job) throws InterruptedException {
        long period = statusEvery.toNanos();
        while (true) {
            long left = duration == null ? period : duration.toNanos() - (System.nanoTime() - start);
            long wait = Math.clamp(left, 0, period);
            if (duration == null) {
                try {
                    job.get(wait, TimeUnit.NANOSECONDS);
                    out.line(status(monitor, origin));
                    return; // the job is done: so is the run
                } catch (TimeoutException | ExecutionException notYet) {
                    // a period passed without it
                }
            } else {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            out.line(status(monitor, origin));
            if (duration != null && System.nanoTime() - start >= duration.toNanos()) {
                return;
            }
        }
    }

    /** What each sandbox's app tells of its state from its memory ("" if it tells nothing), by sandbox. */
    private Map<String, String> appStates(Monitor monitor) {
        Map<String, String> states = new LinkedHashMap<>();
        for (Sandbox s : monitor.sandboxes()) {
            String state = "";
            if (s.state() == Sandbox.State.RUNNING) {
                try {
                    state = apps.find(s.app()).map(d -> d.state().apply(s.appMemory())).orElse("");
                } catch (RuntimeException e) { // the partition went away under us (a failure at the last moment)
                    state = "";
                }
            }
            states.put(s.name(), state);
        }
        return states;
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

    /**
     * The sandboxes (how each ended: shut down with the run, or stopped by its recovery policy and why) and
     * the channels, read after the monitor closed, so every counter is final and each channel's rule holds.
     * Returns whether the policy stopped any sandbox.
     */
    private static boolean printSummary(Output out, Monitor monitor, Map<String, String> appStates) {
        out.line("");
        out.line("  %-16s %5s %6s %-10s %12s  %s", "sandbox", "core", "inc", "ended", "progress", "why");
        boolean stopped = false;
        for (Sandbox s : monitor.sandboxes()) {
            boolean byPolicy = s.state() == Sandbox.State.STOPPED;
            stopped |= byPolicy;
            out.line("  %-16s %5d %6d %-10s %12d  %s", s.name(), s.core().id(), s.incarnation(),
                    byPolicy ? "STOPPED" : "shut down", s.progress(), byPolicy ? s.stopReason() : "the run ended");
        }
        if (appStates.values().stream().anyMatch(st -> !st.isEmpty())) {
            out.line("");
            out.line("  %-16s  %s", "sandbox", "app state (from its memory, at the end)");
            appStates.forEach((name, state) -> {
                if (!state.isEmpty()) {
                    out.line("  %-16s  %s", name, state);
                }
            });
        }
        out.line("");
        out.line("  %-24s %10s %10s %6s %8s %7s %8s", "channel", "sent", "handled", "lost", "corrupt", "queued", "refused");
        for (Channel c : monitor.channels()) {
            ChannelStats s = c.stats();
            out.line("  %-24s %10d %10d %6d %8d %7d %8d", s.name(), s.sent(), s.handled(), s.lost(), s.corrupted(), s.queued(), s.refused());
        }
        if (monitor.monitorFaults() > 0) {
            out.line("");
            out.line("The monitor caught %d fault(s) of its own and carried on: see the 'monitor fault' lines.", monitor.monitorFaults());
        }
        if (monitor.events().dropped() > 0 || monitor.events().listenerFailures() > 0) {
            out.line("");
            out.line("%d event(s) were not printed: the printer fell more than %d events behind; %d printing failure(s).",
                    monitor.events().dropped(), EventLog.CAPACITY, monitor.events().listenerFailures());
        }
        if (stopped) {
            out.line("");
            out.line("The recovery policy stopped %d sandbox(es) for good: see 'why' above.",
                    monitor.sandboxes().stream().filter(sb -> sb.state() == Sandbox.State.STOPPED).count());
        }
        return stopped;
    }
}
