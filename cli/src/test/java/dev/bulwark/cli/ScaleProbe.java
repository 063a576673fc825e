package dev.bulwark.cli;

import dev.bulwark.apps.StandardApps;
import dev.bulwark.hw.clock.NanoClock;
import dev.bulwark.monitor.Monitor;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * How a chip of N idle {@code counter} sandboxes behaves on this host: the time from {@code Monitor.boot}
 * to every sandbox serving, the host CPU the idle chip takes over 5 s (nothing else running in the JVM:
 * idle kernels sleep on their doorbells and wake only for their scrub), false hang detections, and the
 * time to close. Not a test: a test never times. From the repository root:
 * <pre>
 * mvn -q -pl cli -am package -DskipTests
 * $JDK25/bin/java --enable-native-access=ALL-UNNAMED -cp cli/target/bulwark.jar:cli/target/test-classes \
 *     dev.bulwark.cli.ScaleProbe 64 256 1024 [scrubPeriodMillis]
 * </pre>
 * Each chip runs with a heartbeat timeout of twice this host's floor (at least 100 ms), 1 MiB partitions,
 * and the default scrub period unless a last argument gives one in milliseconds (with a leading 's').
 */
public final class ScaleProbe {
    private ScaleProbe() {
    }

    public static void main(String[] args) throws Exception {
        int cpus = Runtime.getRuntime().availableProcessors();
        Duration scrub = DetectionSpec.DEFAULT.scrubPeriod();
        List<Integer> sizes = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("s")) {
                scrub = Duration.ofMillis(Long.parseLong(arg.substring(1)));
            } else {
                sizes.add(Integer.parseInt(arg));
            }
        }
        for (int n : sizes) {
            probe(n, cpus, scrub);
        }
    }

    private static void probe(int n, int cpus, Duration scrub) throws Exception {
        List<SandboxSpec> sandboxes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sandboxes.add(new SandboxSpec("c" + i, i, 1 << 20, null, "counter", Map.of(), null));
        }
        Duration floor = SpecValidator.minHeartbeatTimeout(n, cpus);
        Duration timeout = floor.multipliedBy(2).compareTo(Duration.ofMillis(100)) < 0 ? Duration.ofMillis(100) : floor.multipliedBy(2);
        SystemSpec spec = new SystemSpec(new ChipSpec(n, (long) n << 21, 4096), sandboxes, List.of(),
                new DetectionSpec(timeout, scrub), RecoverySpec.DEFAULT);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

        long start = System.nanoTime();
        try (Monitor monitor = Monitor.boot(spec, StandardApps.registry(), NanoClock.SYSTEM, 1)) {
            monitor.awaitBooted(1, TimeUnit.HOURS);
            long booted = System.nanoTime() - start;
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(2)); // let the spares be made and the cores settle
            long cpu0 = os.getProcessCpuTime();
            long wall0 = System.nanoTime();
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(5));
            double idleCpus = (os.getProcessCpuTime() - cpu0) / (double) (System.nanoTime() - wall0);
            long falseDetections = monitor.events().all(MonitorEvent.FaultDetected.class).size();
            long closing = System.nanoTime();
            monitor.close();
            System.out.printf(Locale.ROOT, "%5d idle sandboxes on %d CPUs, scrub every %s: all serving %.0f ms after "
                            + "boot; idle %.1f%% of one CPU; false hang detections %d (timeout %s, floor %s); close %.0f ms%n",
                    n, cpus, Units.duration(scrub), booted / 1e6, 100 * idleCpus, falseDetections, Units.duration(timeout),
                    Units.duration(floor), (System.nanoTime() - closing) / 1e6);
        }
    }
}
