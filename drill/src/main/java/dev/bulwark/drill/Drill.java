package dev.bulwark.drill;

import dev.bulwark.drill.workload.KvWorkload;
import dev.bulwark.drill.workload.Workload;
import dev.bulwark.hw.clock.NanoClock;
import dev.bulwark.hw.fault.FaultKind;
import dev.bulwark.monitor.Monitor;
import dev.bulwark.monitor.Sandbox;
import dev.bulwark.monitor.event.MonitorEvent;
import dev.bulwark.monitor.spec.SystemSpec;
import dev.bulwark.sandbox.app.AppRegistry;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs a drill: for each scheme variant, boots the chip, starts the workloads, draws the schedule from the seed
 * and, injection after injection, settles the chip, waits the injection's offset, injects and judges
 * ({@link Judge}); each verdict is reached once the chip settled after its injection. A verdict that leaves the chip unable to go on (a stopped sandbox, a core-fail-stop with no
 * spare core left for it, a chip that does not settle) gets a fresh boot before the next injection.
 *
 * <p>A drill never hangs its caller: every wait is bounded by the plan's timings, and a {@link Watchdog} ends a
 * drill that finished no injection for {@link DrillTimings#watchdog()}: the report then says what it was waiting
 * for ({@link DrillReport#stuck()}) and holds the verdicts reached before. An interrupt of the calling thread (a
 * signal) ends it the same way, with {@code stuck} saying so.
 *
 * <p>Threading: runs on the calling thread; the watchdog is one daemon thread per run.
 */
public final class Drill {
    private final DrillPlan plan;
    private final AppRegistry apps;
    private final DrillListener listener;
    private final NanoClock clock = NanoClock.SYSTEM;
    private final Watchdog watchdog;
    private int chips;

    private Drill(DrillPlan plan, AppRegistry apps, DrillListener listener) {
        this.plan = plan;
        this.apps = apps;
        this.listener = listener;
        this.watchdog = new Watchdog(plan.timings().watchdog(), Thread.currentThread());
    }

    /**
     * Runs {@code plan} to the end (or until the watchdog or an interrupt ends it) and reports every verdict.
     *
     * @throws DrillRefusedException before any injection, if the plan cannot run on its chip (a kind of its mix
     *                               that no target takes)
     */
    public static DrillReport run(DrillPlan plan, AppRegistry apps, DrillListener listener) {
        return new Drill(plan, apps, listener).run();
    }

    private DrillReport run() {
        Instant started = Instant.now();
        long start = clock.nanoTime();
        List<Injection> verdicts = new ArrayList<>();
        List<DrillReport.Throughput> throughput = new ArrayList<>();
        String stuck = null;
        listener.started(plan.faults() * plan.variants().size());
        watchdog.start();
        try {
            for (SchemeVariant variant : plan.variants()) {
                runVariant(variant, start, verdicts, throughput);
            }
        } catch (IllegalStateException e) { // a chip that would not boot or settle: the drill cannot go on
            stuck = e.getMessage();
        } catch (InterruptedException e) {
            stuck = watchdog.fired() ? "the watchdog ended the drill after " + plan.timings().watchdog().toMillis()
                    + " ms without a verdict, waiting for " + watchdog.activity()
                    : "interrupted while waiting for " + watchdog.activity();
        } finally {
            watchdog.stop();
        }
        return new DrillReport(plan.name(), plan.seed(), plan.configSha256(), Version.current(), host(),
                System.getProperty("java.vendor") + " " + Runtime.version(), Runtime.getRuntime().availableProcessors(),
                started, Duration.ofNanos(clock.nanoTime() - start),
                plan.variants().stream().map(SchemeVariant::label).toList(), verdicts, stuck, throughput);
    }

    private void runVariant(SchemeVariant variant, long start, List<Injection> verdicts,
                            List<DrillReport.Throughput> throughput) throws InterruptedException {
        SystemSpec spec = variant.apply().apply(plan.spec());
        Chip chip = boot(spec, variant, "the first boot of " + variant.label());
        try {
            if (!plan.timings().throughputWindow().isZero() && chip.settle()) {
                throughput.addAll(chip.throughput(variant.label(), plan.timings().throughputWindow()));
            }
            List<PlannedFault> schedule;
            try {
                schedule = Schedule.draw(chip.monitor, plan.mix(), plan.faults(), plan.seed(),
                        plan.timings().maxOffset().toNanos());
            } catch (IllegalArgumentException e) {
                throw new DrillRefusedException(plan.name() + ": " + e.getMessage());
            }
            Judge.Followed pending = null; // the last injection, whose verdict waits for the chip to settle after it
            int pendingChip = 0;
            for (PlannedFault planned : schedule) {
                boolean settled = chip.settle();
                if (pending != null) {
                    judged(chip.judge.verdict(pending, variant.label(), pendingChip, start), verdicts);
                    pending = null;
                }
                String why = chip.cannotTake(planned);
                if (why == null && !settled) {
                    why = "the chip did not settle: " + watchdog.activity();
                }
                if (why != null) {
                    chip.close();
                    chip = boot(spec, variant, why);
                    if (!chip.settle()) {
                        throw new IllegalStateException("a freshly booted chip did not settle: " + watchdog.activity());
                    }
                }
                LockSupport.parkNanos(planned.offsetNanos());
                pending = chip.judge.inject(planned);
                pendingChip = chips;
            }
            if (pending != null) {
                chip.settle();
                judged(chip.judge.verdict(pending, variant.label(), pendingChip, start), verdicts);
            }
        } finally {
            chip.close();
        }
    }

    private void judged(Injection verdict, List<Injection> verdicts) {
        verdicts.add(verdict);
        watchdog.progressed();
        listener.judged(verdict);
    }

    private Chip boot(SystemSpec spec, SchemeVariant variant, String why) throws InterruptedException {
        watchdog.doing("booting the chip for " + variant.label());
        Monitor monitor = Monitor.boot(spec, apps, clock, plan.seed());
        chips++;
        listener.booted(chips, variant.label(), why);
        if (!monitor.awaitBooted(plan.timings().verdict().toMillis(), TimeUnit.MILLISECONDS)) {
            monitor.close();
            throw new IllegalStateException("the chip did not boot within " + plan.timings().verdict().toMillis() + " ms");
        }
        List<Workload> workloads = plan.workloads().create(monitor);
        Chip chip = new Chip(spec, monitor, workloads);
        workloads.forEach(w -> w.start(monitor));
        return chip;
    }

    /** One boot of the chip, with its workloads and its judge. */
    private final class Chip implements AutoCloseable {
        final SystemSpec spec;
        final Monitor monitor;
        final List<Workload> workloads;
        final Judge judge;
        private boolean closed;

        Chip(SystemSpec spec, Monitor monitor, List<Workload> workloads) {
            this.spec = spec;
            this.monitor = monitor;
            this.workloads = workloads;
            this.judge = new Judge(monitor, spec, workloads, plan.timings(), watchdog::doing);
        }

        /**
         * Each KV workload's completed commands over {@code window} from now, on this chip with nothing injected: the
         * fault-free throughput of this variant (the drill's thread parks meanwhile).
         */
        List<DrillReport.Throughput> throughput(String variant, Duration window) {
            watchdog.doing("measuring the fault-free throughput of " + variant);
            List<KvWorkload> kv = workloads.stream().filter(w -> w instanceof KvWorkload).map(w -> (KvWorkload) w).toList();
            long[] before = kv.stream().mapToLong(Chip::operations).toArray();
            long t0 = clock.nanoTime();
            LockSupport.parkNanos(window.toNanos());
            Duration took = Duration.ofNanos(clock.nanoTime() - t0);
            List<DrillReport.Throughput> figures = new ArrayList<>();
            for (int i = 0; i < kv.size(); i++) {
                figures.add(new DrillReport.Throughput(variant, kv.get(i).name(), operations(kv.get(i)) - before[i], took));
            }
            watchdog.progressed();
            return figures;
        }

        private static long operations(KvWorkload w) {
            KvWorkload.Tally t = w.tally();
            return t.acknowledgedSets() + t.checkedGets();
        }

        /** Why this chip cannot take {@code planned} as it is, or null if it can. */
        String cannotTake(PlannedFault planned) {
            for (Sandbox s : monitor.sandboxes()) {
                if (s.state() == Sandbox.State.STOPPED) {
                    return s.name() + " is stopped";
                }
            }
            if (planned.kind() == FaultKind.CORE_FAIL_STOP && freeSpares() == 0) {
                return "no spare core left for the next core-fail-stop";
            }
            return null;
        }

        private long freeSpares() {
            return spec.chip().spareCores().stream()
                    .filter(id -> !monitor.core(id).isFailed())
                    .filter(id -> monitor.sandboxes().stream().noneMatch(s -> s.core().id() == id))
                    .count();
        }

        /**
         * Waits until every sandbox serves, no sandbox failed for {@link DrillTimings#quiet()}, and every workload
         * succeeded since; false if that does not happen within the verdict timeout, or a sandbox is stopped.
         */
        boolean settle() throws InterruptedException {
            watchdog.doing("the chip to settle (every sandbox serving, every workload succeeding, "
                    + plan.timings().quiet().toMillis() + " ms without a failure)");
            long deadline = clock.nanoTime() + plan.timings().verdict().toNanos();
            long quiet = plan.timings().quiet().toNanos();
            long[] lastTrouble = {clock.nanoTime()};
            long cursor = monitor.events().size();
            while (true) {
                cursor = monitor.events().since(cursor, e -> {
                    if (e instanceof MonitorEvent.FaultDetected || e instanceof MonitorEvent.Recovering
                            || e instanceof MonitorEvent.Serving) {
                        lastTrouble[0] = Math.max(lastTrouble[0], ((MonitorEvent) e).nanos());
                    }
                });
                long now = clock.nanoTime();
                boolean serving = true;
                for (Sandbox s : monitor.sandboxes()) {
                    if (s.state() == Sandbox.State.STOPPED) {
                        return false;
                    }
                    serving &= s.isServing();
                }
                if (serving && now - lastTrouble[0] >= quiet
                        && workloads.stream().allMatch(w -> w.firstSuccessAfter(lastTrouble[0]) >= 0)) {
                    return true;
                }
                if (now > deadline) {
                    return false;
                }
                LockSupport.parkNanos(Aftermath.POLL_NANOS);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                workloads.forEach(Workload::close);
                monitor.close();
            }
        }
    }

    private static String host() {
        String name;
        try {
            name = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            name = "unknown host";
        }
        return name + " (" + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ")";
    }
}
