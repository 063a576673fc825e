package dev.bulwark.cli;

import dev.bulwark.apps.StandardApps;
import dev.bulwark.hw.clock.NanoClock;
import dev.bulwark.monitor.Monitor;
import dev.bulwark.monitor.Sandbox;
import dev.bulwark.monitor.policy.Backoff;
import dev.bulwark.monitor.policy.Redundant;
import dev.bulwark.monitor.policy.Scheme;
import dev.bulwark.monitor.spec.ChannelSpec;
import dev.bulwark.monitor.spec.ChipSpec;
import dev.bulwark.monitor.spec.DetectionSpec;
import dev.bulwark.monitor.spec.RecoverySpec;
import dev.bulwark.monitor.spec.SandboxSpec;
import dev.bulwark.monitor.spec.SystemSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * What redundant execution costs a message: a token ring of three on this host, with {@code ring-1} run once, as two
 * copies and as three, the three variants interleaved round after round (so a change in the host's load falls on
 * all of them), laps of the token counted over 2 s each after a warm-up. A lap passes through ring-1 once: with
 * copies, through its replicator's log and vote. Not a test: a test never times.
 * <pre>
 * $JDK25/bin/java --enable-native-access=ALL-UNNAMED -cp cli/target/bulwark.jar:cli/target/test-classes \
 *     dev.bulwark.cli.ReplicaProbe [rounds]
 * </pre>
 */
public final class ReplicaProbe {
    private ReplicaProbe() {
    }

    private static SystemSpec ring(int copies) {
        List<SandboxSpec> sandboxes = new ArrayList<>();
        List<ChannelSpec> channels = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String next = "ring-" + (i + 1) % 3;
            RecoverySpec recovery = i == 1 && copies > 1 ? new RecoverySpec(List.of(new Redundant(copies,
                    copies == 2 ? List.of(1, 3) : List.of(1, 3, 4)), Scheme.RESTART), 3, Duration.ofSeconds(10), Backoff.NONE) : null;
            sandboxes.add(new SandboxSpec("ring-" + i, i, 1 << 20, null, "token-ring",
                    i == 0 ? Map.of("next", next, "leader", "true") : Map.of("next", next), recovery));
            channels.add(new ChannelSpec("ring-" + i, next, ChannelSpec.DEFAULT_CAPACITY));
        }
        return new SystemSpec(new ChipSpec(5, 64L << 20, 4096), sandboxes, channels, DetectionSpec.DEFAULT,
                RecoverySpec.DEFAULT);
    }

    /** Laps per second: hops of ring-0 (the leader, never redundant) over the window. */
    private static double laps(int copies) throws InterruptedException {
        try (Monitor monitor = Monitor.boot(ring(copies), StandardApps.registry(), NanoClock.SYSTEM, 1)) {
            monitor.awaitBooted(10, TimeUnit.SECONDS);
            Sandbox leader = monitor.sandbox("ring-0");
            LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
            long laps0 = leader.progress();
            long t0 = System.nanoTime();
            LockSupport.parkNanos(Duration.ofSeconds(2).toNanos());
            long laps = leader.progress() - laps0;
            return laps / ((System.nanoTime() - t0) / 1e9);
        }
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        String[] names = {"none", "DMR", "TMR"};
        double[][] rates = new double[3][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int v = 0; v < 3; v++) {
                rates[v][r] = laps(v + 1);
                System.out.printf(Locale.ROOT, "round %d %-4s %,10.0f laps/s%n", r + 1, names[v], rates[v][r]);
            }
        }
        double base = median(rates[0]);
        for (int v = 0; v < 3; v++) {
            double m = median(rates[v]);
            System.out.printf(Locale.ROOT, "%-4s median %,10.0f laps/s (%.1f µs a lap)%s%n", names[v], m, 1e6 / m,
                    v == 0 ? "" : String.format(Locale.ROOT, ", %+.1f%% vs none", 100 * (m / base - 1)));
        }
        System.out.printf(Locale.ROOT, "on %d CPUs%n", Runtime.getRuntime().availableProcessors());
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
