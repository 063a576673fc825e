package dev.bulwark.cli;

import dev.bulwark.apps.StandardApps;
import dev.bulwark.hw.clock.NanoClock;
import dev.bulwark.monitor.Monitor;
import dev.bulwark.monitor.Sandbox;
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
 * The token ring's hop time on this host: a ring of N {@code token-ring} sandboxes (default 3) with the
 * default idle strategy, hops counted over 3 s after a warm-up. Not a test: a test never times.
 * <pre>
 * $JDK25/bin/java --enable-native-access=ALL-UNNAMED -cp cli/target/bulwark.jar:cli/target/test-classes \
 *     dev.bulwark.cli.HopProbe [members]
 * </pre>
 */
public final class HopProbe {
    private HopProbe() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        List<SandboxSpec> sandboxes = new ArrayList<>();
        List<ChannelSpec> channels = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String next = "ring-" + (i + 1) % n;
            sandboxes.add(new SandboxSpec("ring-" + i, i, 1 << 20, null, "token-ring",
                    i == 0 ? Map.of("next", next, "leader", "true") : Map.of("next", next), null));
            channels.add(new ChannelSpec("ring-" + i, next, ChannelSpec.DEFAULT_CAPACITY));
        }
        SystemSpec spec = new SystemSpec(new ChipSpec(n, 64L << 20, 4096), sandboxes, channels, DetectionSpec.DEFAULT,
                RecoverySpec.DEFAULT);
        try (Monitor monitor = Monitor.boot(spec, StandardApps.registry(), NanoClock.SYSTEM, 1)) {
            monitor.awaitBooted(10, TimeUnit.SECONDS);
            LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
            long hops0 = monitor.sandboxes().stream().mapToLong(Sandbox::progress).sum();
            long t0 = System.nanoTime();
            LockSupport.parkNanos(Duration.ofSeconds(3).toNanos());
            long hops = monitor.sandboxes().stream().mapToLong(Sandbox::progress).sum() - hops0;
            long elapsed = System.nanoTime() - t0;
            System.out.printf(Locale.ROOT, "token ring of %d on %d CPUs: %d hops in %.2f s, %.1f µs per hop%n", n,
                    Runtime.getRuntime().availableProcessors(), hops, elapsed / 1e9, elapsed / 1e3 / hops);
        }
    }
}
