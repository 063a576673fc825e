package dev.bulwark.hw.memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * What closing a mapping costs (the arena-close handshake a launch on the same backing pays on its critical path),
 * with N other threads busy, as kernels are: each writes through a mapping of its own backing in a loop (or, for
 * an argument such as {@code 16p}, N kernels asleep, parked as an idle kernel waits on its doorbell). Not a test:
 * a test never times. From the repository root:
 * <pre>
 * mvn -q -pl hw-model test-compile
 * $JDK25/bin/java --enable-native-access=ALL-UNNAMED -cp hw-model/target/classes:hw-model/target/test-classes \
 *     dev.bulwark.hw.memory.MappingCloseProbe [rounds] [kernels[p]...]
 * </pre>
 * (defaults: 300 rounds, 0 4 16 busy kernels; 1 MiB backings). For each count it prints, measured in the same
 * run, p50/p90/max of:
 * <ul>
 *   <li>{@code close, holder idle}: revoking a mapping whose holder thread wrote through it and then ended (a
 *       microreboot that knows the old thread is dead);</li>
 *   <li>{@code close, zombie writing}: revoking a mapping while its holder still writes through it in a loop (a
 *       hung kernel: the close must stop it), until the zombie has ended;</li>
 *   <li>baselines: {@code map} (a new mapping, the other half of a relaunch), {@code close confined} (an arena
 *       close with no handshake, as {@link Partition#openConfined}), and {@code zero} (what a restart with no
 *       spare adds, for this size).</li>
 * </ul>
 * The first fifth of each series' rounds warm up and are not counted.
 */
public final class MappingCloseProbe {
    private static final int PAGE = 4096;
    private static final long BYTES = 1 << 20;

    private MappingCloseProbe() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        String[] loads = args.length > 1 ? Arrays.copyOfRange(args, 1, args.length) : new String[] {"0", "4", "16"};
        System.out.printf(Locale.ROOT, "%d host CPUs (load average %s), %s, %d rounds per series (%d warm-up), %d KiB backings%n",
                Runtime.getRuntime().availableProcessors(), loadAverage(), Runtime.version(), rounds, rounds / 5, BYTES >> 10);
        System.out.printf(Locale.ROOT, "%-5s %-24s %10s %10s %10s%n", "load", "series", "p50 us", "p90 us", "max us");
        for (String load : loads) {
            boolean parked = load.endsWith("p");
            BusyKernels kernels = new BusyKernels(Integer.parseInt(parked ? load.substring(0, load.length() - 1) : load), parked);
            Backing backing = Backing.allocate(new Region("probe", 0, BYTES), PAGE);
            try {
                print(load, "close, holder idle", series(rounds, () -> closeAfterHolderEnded(backing)));
                print(load, "close, zombie writing", series(rounds, () -> closeUnderZombie(backing)));
                print(load, "map (baseline)", series(rounds, () -> timeMap(backing)));
                print(load, "close confined (base)", series(rounds, MappingCloseProbe::closeConfined));
                print(load, "zero (baseline)", series(rounds, () -> timeZero(backing)));
            } finally {
                backing.free();
                kernels.close();
            }
            System.out.printf(Locale.ROOT, "%-5s (the kernels wrote %,d times meanwhile)%n", load, kernels.writes());
        }
    }

    private static long closeAfterHolderEnded(Backing backing) {
        Partition p = backing.map("probe#idle");
        Thread holder = Thread.ofPlatform().start(() -> p.window(0, PAGE).putLong(0, 1));
        join(holder);
        long start = System.nanoTime();
        p.revoke();
        return System.nanoTime() - start;
    }

    private static long closeUnderZombie(Backing backing) {
        Partition p = backing.map("probe#zombie");
        Zombie zombie = Zombie.writing(p.window(0, PAGE));
        while (zombie.touches() < 1000) {
            Thread.onSpinWait();
        }
        long start = System.nanoTime();
        p.revoke();
        long took = System.nanoTime() - start;
        zombie.awaitEnd();
        return took;
    }

    private static long timeMap(Backing backing) {
        long start = System.nanoTime();
        Partition p = backing.map("probe#map");
        long took = System.nanoTime() - start;
        p.revoke();
        return took;
    }

    private static long closeConfined() {
        Partition p = Partition.openConfined(new Region("confined", 0, PAGE), PAGE);
        p.window(0, PAGE).putLong(0, 1);
        long start = System.nanoTime();
        p.revoke();
        return System.nanoTime() - start;
    }

    private static long timeZero(Backing backing) {
        long start = System.nanoTime();
        backing.zero();
        return System.nanoTime() - start;
    }

    private static long[] series(int rounds, LongSupplier round) {
        int warmUp = rounds / 5;
        long[] nanos = new long[rounds - warmUp];
        for (int r = 0; r < rounds; r++) {
            long took = round.getAsLong();
            if (r >= warmUp) {
                nanos[r - warmUp] = took;
            }
        }
        Arrays.sort(nanos);
        return nanos;
    }

    private static void print(String load, String series, long[] sorted) {
        System.out.printf(Locale.ROOT, "%-5s %-24s %10.1f %10.1f %10.1f%n", load, series,
                sorted[sorted.length / 2] / 1e3, sorted[(int) (sorted.length * 0.9)] / 1e3, sorted[sorted.length - 1] / 1e3);
    }

    /** The host's 1-minute load average, where Linux says it: the host is shared, and this tells how busy it was. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * N threads, each writing through a mapping of a backing of its own: in a loop, as running kernels do, or
     * once and then parked until closed, as idle kernels sleep on their doorbells.
     */
    private static final class BusyKernels implements AutoCloseable {
        private final List<Thread> threads = new ArrayList<>();
        private final List<Partition> partitions = new ArrayList<>();
        private final AtomicLong writes = new AtomicLong();
        private volatile boolean running = true;

        BusyKernels(int n, boolean parked) {
            for (int k = 0; k < n; k++) {
                Partition p = Partition.open(new Region("kernel-" + k, 0, BYTES), PAGE);
                partitions.add(p);
                MemoryWindow w = p.window(0, BYTES);
                threads.add(Thread.ofPlatform().name("busy-kernel-" + k).daemon(true).start(() -> {
                    long i = 0;
                    while (running) {
                        w.putLong(8 * (i & 8191), i);
                        i++;
                        if (parked) {
                            LockSupport.park();
                        }
                    }
                    writes.addAndGet(i);
                }));
            }
        }

        long writes() {
            return writes.get();
        }

        @Override
        public void close() {
            running = false;
            threads.forEach(LockSupport::unpark);
            threads.forEach(MappingCloseProbe::join);
            partitions.forEach(Partition::revoke);
        }
    }
}
