package dev.bulwark.cli.control;

import dev.bulwark.apps.StandardApps;
import dev.bulwark.apps.control.LoopLedger;
import dev.bulwark.cli.config.ConfigLoader;
import dev.bulwark.hw.clock.NanoClock;
import dev.bulwark.hw.fault.Fault;
import dev.bulwark.hw.fault.MemoryArea;
import dev.bulwark.monitor.Monitor;
import dev.bulwark.monitor.Sandbox;
import dev.bulwark.monitor.spec.SystemSpec;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The control loop's deadline misses on this host, without and with faults injected into the bystanders: boots
 * a control config (default {@code examples/control.yaml}), warms up 3 s, runs a quiet phase, then a phase in
 * which faults (by default a kernel panic, a hang and a kernel-data bit flip in turn) go every {@code every} ms
 * into the sandboxes named {@code ring-*}, in turn, and prints each phase's figures. Not a test: a test never times.
 * <pre>
 * mvn -q -pl cli -am package -DskipTests &amp;&amp; mvn -q -pl cli test-compile
 * $JDK25/bin/java --enable-native-access=ALL-UNNAMED -cp cli/target/bulwark.jar:cli/target/test-classes \
 *     dev.bulwark.cli.control.ControlProbe [config] [phase seconds, 30] [fault every ms, 500] \
 *     [faults: mix (a panic, a hang, a bit flip in turn), panic, hang or flip] [pin]
 * </pre>
 */
public final class ControlProbe {
    private ControlProbe() {
    }

    /** The ledger's counters at one moment. */
    record Snapshot(long ticks, long deadlines, long misses, long skipped, long nanos) {
        static Snapshot of(MemorySegment ledger) {
            return new Snapshot(LoopLedger.ticks(ledger), LoopLedger.deadlines(ledger), LoopLedger.misses(ledger),
                    LoopLedger.skipped(ledger), System.nanoTime());
        }

        String since(Snapshot before, String phase, MemorySegment ledger) {
            long deadlines = this.deadlines - before.deadlines;
            long misses = this.misses - before.misses;
            double minutes = (nanos - before.nanos) / 60e9;
            return String.format(Locale.ROOT, "%-28s %6.1f s  deadlines %7d  misses %6d (%6.3f%%, %8.1f per minute)  "
                            + "skipped %6d  worst lateness so far %.3f ms, worst round trip so far %.3f ms",
                    phase, minutes * 60, deadlines, misses, deadlines == 0 ? 0 : 100.0 * misses / deadlines, misses / minutes,
                    skipped - before.skipped, LoopLedger.worstLatenessNanos(ledger) / 1e6,
                    LoopLedger.worstRoundTripNanos(ledger) / 1e6);
        }
    }

    public static void main(String[] args) throws Exception {
        Path config = Path.of(args.length > 0 ? args[0] : "examples/control.yaml");
        long phaseNanos = TimeUnit.SECONDS.toNanos(args.length > 1 ? Long.parseLong(args[1]) : 30);
        long everyNanos = TimeUnit.MILLISECONDS.toNanos(args.length > 2 ? Long.parseLong(args[2]) : 500);
        String faults = args.length > 3 ? args[3] : "mix";
        boolean pin = args.length > 4 && args[4].equals("pin");
        SystemSpec spec = ConfigLoader.load(config, StandardApps.registry()).spec();
        if (pin) {
            spec = spec.withChip(spec.chip().withPin(true));
        }
        try (Monitor monitor = Monitor.boot(spec, StandardApps.registry(), NanoClock.SYSTEM, 11)) {
            monitor.awaitBooted(10, TimeUnit.SECONDS);
            MemorySegment ledger = monitor.sandbox("controller").appMemory();
            List<Sandbox> bystanders = monitor.sandboxes().stream().filter(s -> s.name().startsWith("ring-")).toList();
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(3));
            System.out.printf(Locale.ROOT, "%s on %d host CPUs%s, phases of %d s, a fault (%s) every %d ms into %s%n", config,
                    Runtime.getRuntime().availableProcessors(), pin ? ", pinned" : "", TimeUnit.NANOSECONDS.toSeconds(phaseNanos),
                    faults, TimeUnit.NANOSECONDS.toMillis(everyNanos), bystanders.stream().map(Sandbox::name).toList());

            Snapshot quiet = Snapshot.of(ledger);
            LockSupport.parkNanos(phaseNanos);
            Snapshot faulty = Snapshot.of(ledger);
            System.out.println(faulty.since(quiet, "no faults", ledger));

            int injected = 0;
            long end = System.nanoTime() + phaseNanos;
            while (System.nanoTime() < end && !bystanders.isEmpty()) {
                Sandbox target = bystanders.get(injected % bystanders.size());
                int kind = switch (faults) {
                    case "panic" -> 0;
                    case "hang" -> 1;
                    case "flip" -> 2;
                    default -> injected % 3;
                };
                Fault fault = switch (kind) {
                    case 0 -> new Fault.KernelPanic(Fault.Site.KERNEL);
                    case 1 -> new Fault.Hang();
                    default -> monitor.injector().drawBitFlip(target, MemoryArea.KERNEL_DATA);
                };
                if (target.isServing()) {
                    monitor.injector().inject(target, fault);
                    injected++;
                }
                LockSupport.parkNanos(everyNanos);
            }
            Snapshot after = Snapshot.of(ledger);
            System.out.println(after.since(faulty, "faults into the bystanders", ledger));
            int restarts = bystanders.stream().mapToInt(s -> s.incarnation() - 1).sum();
            System.out.printf(Locale.ROOT, "%d faults injected, %d bystander restarts; controller #%d, plant #%d; %s%n",
                    injected, restarts, monitor.sandbox("controller").incarnation(), monitor.sandbox("plant").incarnation(),
                    LoopLedger.describe(ledger));
        }
    }
}
