package dev.bulwark.cli;

import dev.bulwark.apps.StandardApps;
import dev.bulwark.hw.clock.NanoClock;
import dev.bulwark.monitor.Monitor;
import dev.bulwark.monitor.Sandbox;
import dev.bulwark.monitor.event.MonitorEvent;
import dev.bulwark.monitor.spec.ChipSpec;
import dev.bulwark.monitor.spec.DetectionSpec;
import dev.bulwark.monitor.spec.RecoverySpec;
import dev.bulwark.monitor.spec.SandboxSpec;
import dev.bulwark.monitor.spec.SpecValidator;
import dev.bulwark.monitor.spec.SystemSpec;
import dev.bulwark.monitor.spec.Units;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * How a chip of N idle {@code counter} sandboxes behaves on this host: the time from {@code Monitor.boot}
 * to every sandbox serving, the host CPU the idle chip takes, how old the heartbeats get (sampled every
 * millisecond; the heartbeat-timeout floor must stay well above the worst), false hang detections, and
 * the time to close. Not a test: a test never times. From the repository root:
 * <pre>
 * mvn -q -pl cli -am package -DskipTests
 * $JDK25/bin/java --enable-native-access=ALL-UNNAMED -cp cli/target/bulwark.jar:cli/target/test-classes \
 *     dev.bulwark.cli.ScaleProbe 64 256 1024
 * </pre>
 * Each chip runs with a heartbeat timeout of twice this host's floor (at least 100 ms), 1 MiB partitions.
 */
public final class ScaleProbe {
    private ScaleProbe() {
    }

    public static void main(String[] args) throws Exception {
        int cpus = Runtime.getRuntime().availableProcessors();
        for (String arg : args) {
            probe(Integer.parseInt(arg), cpus);
        }
    }

    private static void probe(int n, int cpus) throws Exception {
        List<SandboxSpec> sandboxes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sandboxes.add(new SandboxSpec("c" + i, i, 1 << 20, null, "counter", Map.of(), null));
        }
        Duration floor = SpecValidator.minHeartbeatTimeout(n, cpus);
        Duration timeout = floor.multipliedBy(2).compareTo(Duration.ofMillis(100)) < 0 ? Duration.ofMillis(100) : floor.multipliedBy(2);
        SystemSpec spec = new SystemSpec(new ChipSpec(n, (long) n << 21, 4096), sandboxes, List.of(),
                new DetectionSpec(timeout, Duration.ofMillis(1)), RecoverySpec.DEFAULT);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

        long start = System.nanoTime();
        try (Monitor monitor = Monitor.boot(spec, StandardApps.registry(), NanoClock.SYSTEM, 1)) {
            monitor.awaitBooted(1, TimeUnit.HOURS);
            long booted = System.nanoTime() - start;
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1)); // let the spares be made and the cores settle
            List<Sandbox> all = List.copyOf(monitor.sandboxes());
            long[] ages = new long[5_000 * n];
            int k = 0;
            long cpu0 = os.getProcessCpuTime();
            long wall0 = System.nanoTime();
            while (System.nanoTime() - wall0 < TimeUnit.SECONDS.toNanos(5) && k + n <= ages.length) {
                long now = System.nanoTime();
                for (Sandbox s : all) {
                    ages[k++] = now - s.lastBeatNanos();
                }
                LockSupport.parkNanos(1_000_000);
            }
            double idleCpus = (os.getProcessCpuTime() - cpu0) / (double) (System.nanoTime() - wall0);
            long[] sorted = Arrays.copyOf(ages, k);
            Arrays.sort(sorted);
            long falseDetections = monitor.events().all(MonitorEvent.FaultDetected.class).size();
            long closing = System.nanoTime();
            monitor.close();
            System.out.printf(Locale.ROOT, "%5d sandboxes on %d CPUs: all serving %.0f ms after boot; idle %.2f CPUs "
                            + "(the probe's sampling included); heartbeat age p50 %s, p99.9 %s, max %s ("
                            + "floor %s, timeout %s); false hang detections %d; close %.0f ms%n",
                    n, cpus, booted / 1e6, idleCpus, Units.duration(Duration.ofNanos(sorted[k / 2])),
                    Units.duration(Duration.ofNanos(sorted[(int) (k * 0.999)])), Units.duration(Duration.ofNanos(sorted[k - 1])),
                    Units.duration(floor),
                    Units.duration(timeout), falseDetections, (System.nanoTime() - closing) / 1e6);
        }
    }
}
