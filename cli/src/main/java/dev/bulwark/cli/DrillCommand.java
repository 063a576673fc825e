package dev.bulwark.cli;

import dev.bulwark.apps.StandardApps;
import dev.bulwark.cli.config.ConfigException;
import dev.bulwark.cli.config.ConfigLoader;
import dev.bulwark.cli.config.LoadedConfig;
import dev.bulwark.cli.inject.ChipTargets;
import dev.bulwark.drill.CommitAudit;
import dev.bulwark.drill.Drill;
import dev.bulwark.drill.DrillListener;
import dev.bulwark.drill.DrillPlan;
import dev.bulwark.drill.DrillRefusedException;
import dev.bulwark.drill.DrillReport;
import dev.bulwark.drill.DrillTimings;
import dev.bulwark.drill.Expectation;
import dev.bulwark.drill.FaultMix;
import dev.bulwark.drill.Outcome;
import dev.bulwark.drill.Scenario;
import dev.bulwark.drill.Scenarios;
import dev.bulwark.drill.SchemeVariant;
import dev.bulwark.drill.VariantFigures;
import dev.bulwark.drill.report.CsvReport;
import dev.bulwark.drill.report.HtmlReport;
import dev.bulwark.drill.report.JsonReport;
import dev.bulwark.drill.report.TableReport;
import dev.bulwark.drill.workload.LoadProbe;
import dev.bulwark.drill.workload.Workloads;
import dev.bulwark.hw.fault.FaultKind;
import dev.bulwark.monitor.spec.SystemSpec;
import dev.bulwark.monitor.spec.Units;
import dev.bulwark.sandbox.app.AppRegistry;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code bulwark drill}: a seeded fault-injection campaign against a live workload, from a scenario shipped in the
 * jar or a user's config, judged per injection into outcome classes, with a table on standard output, reports in
 * files and thresholds that gate a build. The drill itself is the drill module's ({@link Drill}); this command reads
 * options, loads the config, shows progress and writes what the drill reports.
 */
@Command(name = "drill", mixinStandardHelpOptions = true,
        description = {"Run a fault-injection campaign against a live workload and report what came of each injection.",
                "A drill boots a chip, starts its workload's own clients and checkers (the KV store's RESP client, the "
                        + "token ring's, the control loop's), injects faults drawn from a seed, and judges each: masked, "
                        + "recovered, state lost, stopped, undetected corruption, bystander harmed, or no verdict. The same "
                        + "seed and config give the same schedule and the same outcome table."})
final class DrillCommand implements Callable<Integer> {
    /** The most injections one drill takes (per scheme variant). */
    static final int MAX_FAULTS = 1_000_000;

    @ArgGroup(exclusive = true, multiplicity = "1")
    What what;

    static final class What {
        @Option(names = "--list", required = true, description = "List the scenarios, one line each, and exit.")
        boolean list;

        @Option(names = "--scenario", required = true, paramLabel = "NAME", description = "Run a scenario shipped in the "
                + "jar (--list shows them).")
        String scenario;

        @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "Run a drill on the chip "
                + "this YAML config describes, with the workloads its apps support and every fault kind one of its "
                + "targets takes (or --kinds).")
        Path config;
    }

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the schedule: kinds, targets, parameters, offsets (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--faults", paramLabel = "N", converter = Faults.class, description = "Injections per scheme variant, "
            + "1 to " + MAX_FAULTS + " (default: the scenario's; 100 for --config).")
    Integer faults;

    @Option(names = "--kinds", paramLabel = "KIND", split = ",", converter = Kind.class, description = "Inject only "
            + "these kinds, equally often (default: the scenario's mix): kernel-panic (panic), hang, bit-flip, wild-write, "
            + "core-fail-stop, device-failure, driver-bug, as run --inject names them.")
    List<FaultKind> kinds;

    @Option(names = "--victims", paramLabel = "SANDBOX", split = ",", description = "With --config: inject "
            + "only into these sandboxes (their kernels, their cores, the devices they own; default: all).")
    List<String> victims;

    @Option(names = "--expect", paramLabel = "EXPR", converter = Expect.class, description = "A threshold the drill must "
            + "meet, or it exits 1: OUTCOME[+OUTCOME] OP N[%%] (recovered>=99%%, undetected-corruption=0) or "
            + "METRIC.STAT OP TIME (recovery.p99<=5ms; metrics detection, recovery, interruption; stats p50, p99, max). "
            + "Repeatable.")
    List<Expectation> expectations = new ArrayList<>();

    @Option(names = "--load-window", paramLabel = "TIME", converter = OptionValues.PositiveDuration.class,
            description = "How long a scenario that measures a load (cuju) measures it on each variant, after "
                    + "--load-warmup (default: the scenario's).")
    Duration loadWindow;

    @Option(names = "--load-warmup", paramLabel = "TIME", converter = OptionValues.AnyDuration.class,
            description = "How long the load runs before its window (default: the scenario's).")
    Duration loadWarmup;

    @Option(names = "--load-connections", paramLabel = "N", converter = LoadSize.class,
            description = "With a scenario that measures a load: its client connections, 1 to 4096 (default: the scenario's).")
    Integer loadConnections;

    @Option(names = "--load-depth", paramLabel = "N", converter = LoadSize.class,
            description = "With a scenario that measures a load: the commands each connection keeps in flight, 1 to 4096 "
                    + "(default: the scenario's).")
    Integer loadDepth;

    @Option(names = "--json", paramLabel = "FILE", description = "Write every injection, its timestamps and outcome, and the run's metadata as JSON.")
    Path json;

    @Option(names = "--csv", paramLabel = "FILE", description = "Write one CSV line per injection.")
    Path csv;

    @Option(names = "--html", paramLabel = "FILE", description = "Write one self-contained HTML page with the table and charts "
            + "(outcomes per kind and scheme, CDFs of recovery latency and service interruption).")
    Path html;

    @Option(names = "--no-progress", description = "No progress bar on standard error.")
    boolean noProgress;

    @Spec
    CommandSpec command;

    AppRegistry apps = StandardApps.registry();

    static final class Faults implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            return OptionValues.wholeNumber(text, 1, MAX_FAULTS);
        }
    }

    static final class LoadSize implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            return OptionValues.wholeNumber(text, 1, 4096);
        }
    }

    static final class Kind implements ITypeConverter<FaultKind> {
        @Override
        public FaultKind convert(String text) {
            return FaultKind.named(text.strip()).orElseThrow(() -> new TypeConversionException(
                    "no fault kind '" + text + "' (kinds: " + FaultKind.allNames() + ")"));
        }
    }

    static final class Expect implements ITypeConverter<Expectation> {
        @Override
        public Expectation convert(String text) {
            try {
                return Expectation.parse(text);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        if (what.list) {
            list(out);
            return ExitCodes.OK;
        }
        DrillPlan plan;
        try {
            plan = plan(err);
        } catch (ConfigException e) {
            err.println("bulwark: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        try (Interruption interruption = Interruption.install();
             DrillProgress progress = DrillProgress.open(System.err, !noProgress && DrillProgress.onConsole(), plan.name())) {
            Output lines = new Output(out, () -> interruption.request(Interruption.Cause.OUTPUT_CLOSED));
            lines.line("Bulwark drill %s: %d injections%s, seed %d", plan.name(), plan.faults(), plan.variants().size() > 1
                    ? " under each of " + String.join(", ", plan.variants().stream().map(SchemeVariant::label).toList()) : "",
                    plan.seed());
            lines.line("  faults %s into %s; heartbeat timeout %d ms, scrub every %d ms, driver timeout %d ms",
                    String.join(", ", plan.mix().weights().keySet().stream().sorted().map(FaultKind::configName).toList()),
                    plan.mix().victims().isEmpty() ? "every sandbox" : String.join(", ", plan.mix().victims().stream().sorted().toList()),
                    plan.spec().detection().heartbeatTimeout().toMillis(), plan.spec().detection().scrubPeriod().toMillis(),
                    plan.spec().detection().driverTimeout().toMillis());
            if (plan.load() != null) {
                lines.line("  load before the faults, on a fault-free chip of each variant: %s", plan.load().describe());
            }
            DrillReport report;
            try {
                report = Drill.run(plan, apps, progress);
            } catch (DrillRefusedException e) {
                err.println("bulwark: " + e.getMessage());
                return ExitCodes.BAD_INPUT;
            }
            interruption.reporting();
            progress.close();
            lines.line("");
            TableReport.render(report).lines().forEach(lines::line);
            int code = verdict(report, lines);
            try {
                write(report, lines);
            } catch (IOException e) {
                err.println("bulwark: could not write a report: " + e.getMessage());
                code = ExitCodes.FAILED;
            }
            return interruption.exitCode(code, command);
        }
    }

    /** The plan the options ask for; bad options end the command (exit 2) with a message naming them. */
    private DrillPlan plan(PrintWriter err) throws ConfigException {
        if (what.scenario != null) {
            Scenario scenario = Scenarios.named(what.scenario).orElseThrow(() -> OptionErrors.badValue(command,
                    "--scenario", what.scenario, "no scenario '" + what.scenario + "' (scenarios: " + Scenarios.names() + ")"));
            if (victims != null) {
                throw OptionErrors.badValue(command, "--victims", String.join(",", victims),
                        "a scenario names its own victims; --victims goes with --config");
            }
            SystemSpec spec = ConfigLoader.load(scenario.configResource(), new StringReader(scenario.configText()), apps).spec();
            FaultMix mix = kinds == null ? scenario.mix() : scenario.mix().only(kinds);
            DrillPlan plan = scenario.plan(spec, mix, faults == null ? scenario.defaultFaults() : faults, seed);
            if (plan.load() == null) {
                String[][] asked = {{"--load-window", loadWindow == null ? null : Units.duration(loadWindow)},
                        {"--load-warmup", loadWarmup == null ? null : Units.duration(loadWarmup)},
                        {"--load-connections", loadConnections == null ? null : loadConnections.toString()},
                        {"--load-depth", loadDepth == null ? null : loadDepth.toString()}};
                for (String[] option : asked) {
                    if (option[1] != null) {
                        throw OptionErrors.badValue(command, option[0], option[1],
                                "scenario " + scenario.name() + " measures no load (cuju does)");
                    }
                }
                return plan;
            }
            LoadProbe load = plan.load();
            return plan.withLoad(load.withTimes(loadWarmup != null ? loadWarmup : load.warmup(),
                    loadWindow != null ? loadWindow : load.window()).withShape(
                    loadConnections != null ? loadConnections : load.connections(),
                    loadDepth != null ? loadDepth : load.depth()));
        }
        LoadedConfig loaded = ConfigLoader.load(what.config, apps);
        loaded.warnings().forEach(err::println);
        SystemSpec spec = loaded.spec();
        ChipTargets targets = ChipTargets.of(spec);
        Set<String> aimed = victims == null ? Set.of() : new LinkedHashSet<>(victims);
        for (String v : aimed) {
            if (!targets.sandboxes().contains(v)) {
                throw OptionErrors.badValue(command, "--victims", v, "no sandbox '" + v + "' in " + what.config
                        + " (sandboxes: " + String.join(", ", targets.sandboxes()) + ")");
            }
        }
        List<FaultKind> chosen = kinds != null ? kinds
                : Arrays.stream(FaultKind.values()).filter(targets::anyTakes).toList();
        FaultMix mix = FaultMix.of(chosen, aimed);
        String text;
        try {
            text = Files.readString(what.config);
        } catch (IOException e) { // read once already by the loader: it went away since
            throw OptionErrors.badValue(command, "--config", what.config.toString(), "cannot read it again to hash it: " + e.getMessage());
        }
        return new DrillPlan(what.config.getFileName().toString(), spec, text, List.of(SchemeVariant.AS_CONFIGURED), mix,
                faults == null ? 100 : faults, seed, DrillTimings.forDetection(spec.detection(), mix), Workloads.standard());
    }

    private static void list(PrintWriter out) {
        int width = Scenarios.all().stream().mapToInt(s -> s.name().length()).max().orElse(0);
        for (Scenario s : Scenarios.all()) {
            out.printf("%-" + width + "s  %s (%d faults by default)%n", s.name(), s.summary(), s.defaultFaults());
        }
        out.flush();
    }

    /**
     * Prints the expectations' results and says how the drill went; returns its exit code: 1 if the watchdog or a
     * signal ended it, if an injection had no verdict (a drill defect), if a variant's audit found an output of a
     * rolled-back epoch escaped or an acknowledged write lost, or if an expectation was missed.
     */
    private int verdict(DrillReport report, Output lines) {
        int code = ExitCodes.OK;
        lines.line("");
        if (report.stuck() != null) { // the table's last line says why
            code = ExitCodes.FAILED;
        }
        long noVerdict = report.injections().stream().filter(i -> i.outcome() == Outcome.NO_VERDICT).count();
        if (noVerdict > 0) {
            lines.line("%d injection%s had no verdict in time (a drill defect; the reports say what each waited for)",
                    noVerdict, noVerdict == 1 ? "" : "s");
            report.injections().stream().filter(i -> i.outcome() == Outcome.NO_VERDICT).limit(3)
                    .forEach(i -> lines.line("  #%d %s into %s: %s", i.ordinal(), i.fault(), i.target(), i.reason()));
            code = ExitCodes.FAILED;
        }
        for (VariantFigures f : report.figures()) { // output commit's promise: no expectation needed to hold it
            CommitAudit a = f.audit();
            if (!a.clean()) {
                lines.line("AUDIT FAILED: %s: %d output%s of rolled-back epochs escaped, %d acknowledged write%s lost",
                        f.variant(), a.escaped(), a.escaped() == 1 ? "" : "s", a.lostWrites(), a.lostWrites() == 1 ? "" : "s");
                code = ExitCodes.FAILED;
            }
        }
        for (Expectation e : expectations) {
            String miss = e.check(report.summary());
            lines.line("%s %s", miss == null ? "met:   " : "MISSED:", miss == null ? e.text() : miss);
            if (miss != null) {
                code = ExitCodes.FAILED;
            }
        }
        return code;
    }

    private void write(DrillReport report, Output lines) throws IOException {
        if (json != null) {
            JsonReport.write(report, json);
            lines.line("wrote %s", json);
        }
        if (csv != null) {
            for (Path written : CsvReport.write(report, csv)) {
                lines.line("wrote %s", written);
            }
        }
        if (html != null) {
            HtmlReport.write(report, html);
            lines.line("wrote %s", html);
        }
    }
}
