package dev.bulwark.cli;

import dev.bulwark.apps.StandardApps;
import dev.bulwark.drill.Aftermath;
import dev.bulwark.drill.SchemeVariant;
import dev.bulwark.cli.config.ConfigException;
import dev.bulwark.cli.config.ConfigLoader;
import dev.bulwark.hw.clock.NanoClock;
import dev.bulwark.hw.fault.Fault;
import dev.bulwark.hw.fault.FaultInjected;
import dev.bulwark.hw.fault.FaultRefusedException;
import dev.bulwark.hw.fault.MemoryArea;
import dev.bulwark.ipc.channel.ChannelStats;
import dev.bulwark.monitor.EventLog;
import dev.bulwark.monitor.Monitor;
import dev.bulwark.monitor.PinningReport;
import dev.bulwark.monitor.Sandbox;
import dev.bulwark.monitor.event.MonitorEvent;
import dev.bulwark.monitor.policy.Scheme;
import dev.bulwark.monitor.spec.RecoverySpec;
import dev.bulwark.monitor.spec.SystemSpec;
import dev.bulwark.sandbox.app.AppRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * The demo: boots the chip of {@code demo.yaml} (a token ring of three sandboxes reporting to a counter
 * service), then injects a kernel panic, a hang and a kernel-data bit flip into one sandbox, one after
 * another, and shows each detected and recovered while the other sandboxes keep working. {@code --scheme}
 * picks the victim's first recovery scheme (restart follows it as the fallback); {@code --core-failure}
 * instead fails the victim's core for good each round, on a chip with a spare core per round to move to.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Inject three faults into one sandbox of a 4-core chip and show each detected and recovered.",
                "The chip runs a token ring of 3 sandboxes and a counter service. A kernel panic, a hang and a "
                        + "kernel-data bit flip go into one sandbox, one after another, while the others keep running; "
                        + "a table then shows how each was detected and how long detection and recovery took."})
final class DemoCommand implements Callable<Integer> {
    static final String CONFIG = "demo.yaml";
    private static final long WAIT_MILLIS = 10_000;
    /** At least 100 ms a round (the hang waits for the heartbeat timeout): 10000 rounds is over 15 minutes. */
    static final int MAX_ROUNDS = 10_000;
    /** The faults of one round, in order, for a monitor and the victim sandbox. */
    private static final List<BiFunction<Monitor, Sandbox, Fault>> FAULTS = List.of(
            (monitor, victim) -> new Fault.KernelPanic(Fault.Site.KERNEL),
            (monitor, victim) -> new Fault.Hang(),
            (monitor, victim) -> monitor.injector().drawBitFlip(victim, MemoryArea.KERNEL_DATA));

    @Option(names = "--target", defaultValue = "counter", description = "Sandbox to inject the faults into (default: ${DEFAULT-VALUE}).")
    String target;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Run the demo on the chip this YAML config "
            + "describes (examples/kv.yaml, say) instead of the bundled token ring; name the victim with --target.")
    Path config;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the fault injector (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-v", "--verbose"}, description = "Also print every event as it is recorded.")
    boolean verbose;

    @Option(names = "--rounds", defaultValue = "1", paramLabel = "N", converter = Rounds.class,
            description = "Inject the three faults N times, 1 to " + MAX_ROUNDS + " (default: ${DEFAULT-VALUE}); "
                    + "the summary gives medians. The first round includes the JVM's cold-start costs.")
    int rounds;

    static final class Rounds implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            return OptionValues.wholeNumber(text, 1, MAX_ROUNDS);
        }
    }

    @Option(names = "--scheme", paramLabel = "SCHEME", converter = SchemeName.class,
            description = "The victim's first recovery scheme: restart (from the pristine image, state lost) or "
                    + "microreboot (a fresh kernel, the app's memory kept once its check passes); restart follows "
                    + "it as the fallback (default: the config's).")
    Scheme scheme;

    static final class SchemeName implements ITypeConverter<Scheme> {
        @Override
        public Scheme convert(String text) {
            return Scheme.named(text).orElseThrow(() -> new picocli.CommandLine.TypeConversionException(
                    "no scheme '" + text + "' (known: " + Scheme.knownNames() + ")"));
        }
    }

    @Option(names = "--core-failure", description = "Instead of the three faults, fail the victim's core for good "
            + "each round: the chip gets a spare core per round, and the victim moves to one.")
    boolean coreFailure;

    @Option(names = "--pin", description = "Pin each core's thread to a host CPU, round-robin over the CPUs this process "
            + "may use; prints where each went, or why it could not be.")
    boolean pin;

    @Spec
    CommandSpec command;

    /**
     * One injected fault and what came of it. {@code othersProgress} is measured over the outage (injection
     * to the demo seeing the new incarnation serve); on two host CPUs a sub-millisecond outage can fall in a
     * gap when the others are not scheduled, so {@code othersKeptRunning} asks for what the demo promises:
     * no other sandbox failed, and each made progress between the injection and the victim serving again.
     */
    record Outcome(String fault, String detection, String scheme, String recovery, double detectMicros,
                   double recoverMicros, double outageMicros, Double unmapMicros, boolean stateKept,
                   Map<String, Long> othersProgress, boolean servedAgain, boolean othersKeptRunning) {
    }

    /** The faults of one round: the three, or one core fail-stop of the core the victim runs on. */
    private List<BiFunction<Monitor, Sandbox, Fault>> faults() {
        return coreFailure ? List.of((monitor, victim) -> new Fault.CoreFailStop()) : FAULTS;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = command.commandLine().getErr();
        AppRegistry apps = StandardApps.registry();
        SystemSpec spec;
        try (Reader reader = new InputStreamReader(DemoCommand.class.getResourceAsStream(CONFIG), StandardCharsets.UTF_8)) {
            spec = config != null ? ConfigLoader.load(config, apps).spec() : ConfigLoader.load(CONFIG, reader, apps).spec();
        } catch (ConfigException e) {
            err.println("bulwark: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        if (spec.sandboxes().stream().noneMatch(s -> s.name().equals(target))) {
            throw OptionErrors.badValue(command, "--target", target, "no sandbox named '" + target + "' in the demo (sandboxes: "
                    + String.join(", ", spec.sandboxes().stream().map(s -> s.name()).toList()) + ")");
        }
        long faultCount = (long) faults().size() * rounds; // rounds <= MAX_ROUNDS, so this fits an int too
        RecoverySpec recovery = spec.recoveryOf(target);
        if (scheme != null) {
            recovery = SchemeVariant.firstThen(scheme, recovery);
        }
        if (recovery.maxRestarts() < faultCount) { // the demo's own faults must not exhaust the restart intensity
            recovery = recovery.withIntensity(Math.toIntExact(faultCount), recovery.within().plusSeconds(rounds));
        }
        spec = spec.withRecoveryOf(target, recovery);
        if (coreFailure) { // a spare core for each round's migration
            int cores = spec.chip().cores();
            List<Integer> spares = java.util.stream.IntStream.range(cores, cores + rounds).boxed().toList();
            spec = spec.withChip(new dev.bulwark.monitor.spec.ChipSpec(cores + rounds, spec.chip().memoryBytes(),
                    spec.chip().pageBytes(), spec.chip().pin(), spec.chip().idle(), spares));
        }
        if (pin) {
            spec = spec.withChip(spec.chip().withPin(true));
        }

        try (Interruption interruption = Interruption.install()) {
            Output out = new Output(command.commandLine().getOut(), () -> interruption.request(Interruption.Cause.OUTPUT_CLOSED));
            out.line("Bulwark demo: %d cores, %d sandboxes, each on its own core and memory partition",
                    spec.chip().cores(), spec.sandboxes().size());
            RecoverySpec victims = spec.recoveryOf(target);
            out.line("  heartbeat timeout %d ms, kernel scrub every %d ms, recovery of %s: %s (each at most %d times in %d s)%s",
                    spec.detection().heartbeatTimeout().toMillis(), spec.detection().scrubPeriod().toMillis(), target,
                    schemes(victims), victims.maxRestarts(), victims.within().toSeconds(),
                    coreFailure ? "; spare cores " + spec.chip().spareCores() : "");
            out.line("");
            return interruption.exitCode(demo(spec, apps, out, err, interruption), command);
        }
    }

    /**
     * Boots the chip, injects the faults and reports; returns the exit code of a demo that nothing stopped.
     * A signal stops it at the next wait, and it reports the faults completed so far (a closed output, too, but
     * then nothing more is printed).
     */
    private int demo(SystemSpec spec, AppRegistry apps, Output out, PrintWriter err, Interruption interruption) {
        long origin = NanoClock.SYSTEM.nanoTime();
        Monitor booted;
        try {
            booted = Monitor.boot(spec, apps, NanoClock.SYSTEM, seed);
        } catch (IllegalStateException e) { // a device could not be set up: a port in use, a file that cannot be opened
            err.println("bulwark: " + e.getMessage());
            return ExitCodes.FAILED;
        }
        try (Monitor monitor = booted) {
            EventLog log = monitor.events();
            if (verbose) {
                log.subscribe(e -> out.line(EventLines.line(e, origin)));
            }
            Sandbox victim = monitor.sandbox(target);
            List<Outcome> outcomes = new ArrayList<>();
            String failure = null;
            try {
                failure = injectFaults(monitor, victim, out, outcomes);
            } catch (InterruptedException stopped) {
                // report the faults completed so far
            }
            interruption.reporting();
            if (failure != null) {
                err.println("bulwark: " + failure);
                return ExitCodes.FAILED;
            }
            if (interruption.cause() != null) {
                if (!outcomes.isEmpty()) {
                    printSummary(out, outcomes);
                }
                out.line("");
                out.line("Interrupted after %d of %d faults%s", outcomes.size(), (long) faults().size() * rounds,
                        outcomes.isEmpty() ? "." : ": the summary shows those completed.");
                return ExitCodes.FAILED; // not what it promised; call() returns the interruption's own code instead
            }
            String state = apps.find(victim.app()).orElseThrow().state().apply(victim.appMemory());
            int restarts = victim.incarnation() - 1;
            monitor.close(); // quiesce: nothing runs any more, so the channel counters below are final
            printSummary(out, outcomes);
            printChannels(out, monitor, victim);
            out.line("");
            long kept = outcomes.stream().filter(Outcome::stateKept).count();
            out.line("%s (%s): %s after %d recoveries, %d of them with its memory kept (a restart from the pristine "
                    + "image starts its memory from zero; a microreboot keeps it once the app's check passes)",
                    target, victim.app(), state, restarts, kept);
            boolean ok = outcomes.stream().allMatch(o -> o.othersKeptRunning() && o.servedAgain());
            out.line("");
            out.line(ok ? "All faults detected and recovered; the other sandboxes never stopped."
                    : "Some outcome was not as expected: see the table.");
            return ok ? 0 : ExitCodes.FAILED;
        }
    }

    /**
     * Waits for every sandbox to serve, then injects the faults round after round, printing a line for each
     * outcome (added to {@code outcomes}); returns what went wrong, or null if nothing did.
     */
    private String injectFaults(Monitor monitor, Sandbox victim, Output out, List<Outcome> outcomes)
            throws InterruptedException {
        EventLog log = monitor.events();
        monitor.awaitBooted(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        for (Sandbox s : monitor.sandboxes()) {
            if (!s.isServing()) {
                return "sandbox " + s.name() + " did not start serving within " + WAIT_MILLIS + " ms";
            }
        }
        out.line("booted: %s", String.join(", ", monitor.sandboxes().stream().map(Sandbox::toString).toList()));
        PinningReport pinning = monitor.pinning(); // complete: each core pinned itself before its kernel served
        if (pinning.requested()) {
            out.line("%s", pinning.line());
        }
        waitForProgress(monitor, 2_000);

        for (int round = 1; round <= rounds; round++) {
            for (BiFunction<Monitor, Sandbox, Fault> fault : faults()) {
                Outcome o;
                try {
                    Fault f = fault.apply(monitor, victim);
                    o = f instanceof Fault.CoreFailStop ? inject(monitor, victim, monitor.core(victim.core().id()), f)
                            : inject(monitor, victim, victim, f);
                } catch (FaultRefusedException e) {
                    return "the fault was refused: " + e.getMessage();
                }
                if (o == null) {
                    return target + " was not recovered within " + WAIT_MILLIS + " ms";
                }
                outcomes.add(o);
                log.flush(1_000); // with -v, the fault's events print before its line
                out.line("%s%-24s -> detected by %s in %.0f µs; %s; serving again %.0f µs after detection; "
                                + "meanwhile the others handled %s", rounds > 1 ? "[" + round + "] " : "",
                        o.fault(), o.detection(), o.detectMicros(), o.recovery(), o.recoverMicros(), progressText(o.othersProgress()));
            }
        }
        return null;
    }

    /**
     * Injects one fault into {@code into} (the victim, or its core) and follows it to the victim's new incarnation's
     * first useful work.
     */
    private Outcome inject(Monitor monitor, Sandbox victim, dev.bulwark.hw.fault.FaultTarget into, Fault fault)
            throws InterruptedException {
        EventLog log = monitor.events();
        long from = log.size();
        Map<String, Long> before = othersProgress(monitor, victim);
        int coreBefore = victim.core().id();
        FaultInjected injected = monitor.injector().inject(into, fault);
        Aftermath aftermath = new Aftermath(victim.name(), Set.of());
        if (!aftermath.follow(log, from, () -> aftermath.serving() != null && aftermath.recovering() != null
                || aftermath.stopped() != null, TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS)) || aftermath.stopped() != null) {
            return null;
        }
        MonitorEvent.FaultDetected detected = aftermath.detected();
        MonitorEvent.Serving serving = aftermath.serving();
        MonitorEvent.Recovering recovering = aftermath.recovering();
        Map<String, Long> after = othersProgress(monitor, victim);
        Map<String, Long> delta = new LinkedHashMap<>();
        before.forEach((name, p) -> delta.put(name, after.get(name) - p));
        long servedAt = victim.progress();
        boolean servedAgain = waitUntil(() -> victim.progress() > servedAt + 20, 5_000);
        Map<String, Long> later = othersProgress(monitor, victim);
        boolean othersKeptRunning = before.keySet().stream().allMatch(name -> later.get(name) > before.get(name)
                && monitor.sandbox(name).incarnation() == 1);
        MonitorEvent.MemoryChecked checked = aftermath.checked();
        boolean kept = aftermath.stateKept();
        String how = recovering.scheme().configName() + (kept ? " (memory kept)" : " from pristine image") + " as #"
                + serving.incarnation() + (recovering.core() != coreBefore ? " on core " + recovering.core() : "");
        return new Outcome(fault.describe().replaceAll(" \\(.*", ""), detected.detection().describe(),
                recovering.scheme().configName(), how,
                (detected.nanos() - injected.nanos()) / 1e3, (serving.nanos() - detected.nanos()) / 1e3,
                (serving.nanos() - injected.nanos()) / 1e3, checked == null ? null : checked.unmapNanos() / 1e3, kept,
                delta, servedAgain, othersKeptRunning);
    }

    private static Map<String, Long> othersProgress(Monitor monitor, Sandbox victim) {
        Map<String, Long> progress = new LinkedHashMap<>();
        for (Sandbox s : monitor.sandboxes()) {
            if (s != victim) {
                progress.put(s.name(), s.progress());
            }
        }
        return progress;
    }

    private static void waitForProgress(Monitor monitor, long millis) throws InterruptedException {
        waitUntil(() -> monitor.sandboxes().stream().allMatch(s -> s.progress() > 200), millis);
    }

    private static boolean waitUntil(java.util.function.BooleanSupplier condition, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
        return true;
    }

    /** The chain of {@code recovery}, first tried first: {@code microreboot, then restart}. */
    private static String schemes(RecoverySpec recovery) {
        return String.join(", then ", recovery.schemes().stream().map(Scheme::configName).toList());
    }

        private static String progressText(Map<String, Long> progress) {
        List<String> parts = new ArrayList<>();
        progress.forEach((name, p) -> parts.add(name + " +" + p));
        return String.join(", ", parts) + " messages";
    }

    /** One row per fault kind: medians over the rounds, and the least progress any other sandbox made. */
    private void printSummary(Output out, List<Outcome> outcomes) {
        out.line("");
        out.line("Summary (detection: injection to detection; recovery: detection to the new kernel's first useful work, "
                        + "unmap: closing the failed incarnation's mapping, on the recovery's path when memory is kept%s)",
                rounds > 1 ? "; medians of " + Math.ceilDiv(outcomes.size(), faults().size()) + " rounds" : ""); // fewer if interrupted
        String format = "  %-24s %-18s %-12s %10s %11s %10s %9s %-11s %-31s %s";
        out.line(format, "fault", "detected by", "scheme", "detect µs", "recover µs", "outage µs", "unmap µs", "state kept",
                rounds > 1 ? "others' least progress in outage" : "others' progress during outage", "served again");
        Map<String, List<Outcome>> byFault = new LinkedHashMap<>(); // by fault and the scheme that recovered it
        outcomes.forEach(o -> byFault.computeIfAbsent(o.fault() + "\0" + o.scheme(), f -> new ArrayList<>()).add(o));
        byFault.forEach((key, os) -> {
            String fault = os.getFirst().fault();
            Map<String, Long> least = new LinkedHashMap<>();
            os.forEach(o -> o.othersProgress().forEach((name, p) -> least.merge(name, p, Math::min)));
            double[] unmaps = os.stream().filter(o -> o.unmapMicros() != null).mapToDouble(Outcome::unmapMicros).toArray();
            long kept = os.stream().filter(Outcome::stateKept).count();
            out.line(format, fault, os.getFirst().detection(), os.getFirst().scheme(),
                    median(os.stream().mapToDouble(Outcome::detectMicros).toArray()),
                    median(os.stream().mapToDouble(Outcome::recoverMicros).toArray()),
                    median(os.stream().mapToDouble(Outcome::outageMicros).toArray()),
                    unmaps.length == 0 ? "-" : median(unmaps),
                    kept == os.size() ? "yes" : kept == 0 ? "no" : kept + " of " + os.size(),
                    least.values().stream().map(p -> "+" + p).toList(),
                    os.stream().allMatch(Outcome::servedAgain) ? "yes" : "NO");
            if (!os.stream().allMatch(Outcome::othersKeptRunning)) {
                out.line("  ^ %s: some other sandbox failed or made no progress before %s served again", fault, target);
            }
        });
    }

    private static String median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return String.format(Locale.ROOT, "%.0f", sorted[sorted.length / 2]);
    }

    private static void printChannels(Output out, Monitor monitor, Sandbox victim) {
        out.line("");
        out.line("Channels into %s (rule: sent = handled + lost + corrupt + queued + in handler; refused sends are counted, never dropped silently)",
                victim.name());
        out.line("  %-18s %9s %9s %6s %8s %7s %8s", "channel", "sent", "handled", "lost", "corrupt", "queued", "refused");
        for (var c : victim.inbound()) {
            ChannelStats s = c.stats();
            out.line("  %-18s %9d %9d %6d %8d %7d %8d", s.name(), s.sent(), s.handled(), s.lost(), s.corrupted(), s.queued(), s.refused());
        }
    }
}
