package dev.bulwark.bench.ipc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The machine a run measured, for the header of every report: figures from different hosts are different
 * experiments.
 *
 * @param cpu        the CPU model ({@code /proc/cpuinfo}'s first "model name"), or {@code os.arch} where there is none
 * @param cpus       the CPUs the JVM may use
 * @param os         operating system, version and architecture
 * @param jdk        {@link Runtime#version()}
 * @param jdkVendor  {@code java.vendor}
 * @param clockReadNanos what one {@link System#nanoTime()} costs here, in nanoseconds: every round-trip sample
 *                   includes about one read, which matters beside a raw round trip of some 100 ns
 */
public record Host(String cpu, int cpus, String os, String jdk, String jdkVendor, double clockReadNanos) {
    private static final int CLOCK_READS = 200_000;
    /** Where the clock reads go, so that the JIT cannot drop them as unused. */
    @SuppressWarnings("unused")
    private static volatile long clockSink;

    /** This machine; measures the clock read (some milliseconds). */
    public static Host current() {
        return new Host(cpuModel(Path.of("/proc/cpuinfo")), Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                Runtime.version().toString(), System.getProperty("java.vendor"), measureClockRead());
    }

    /** The least mean cost of a {@link System#nanoTime()} read over ten batches (the first ones warm the loop up). */
    static double measureClockRead() {
        double least = Double.MAX_VALUE;
        long sink = 0;
        for (int batch = 0; batch < 10; batch++) {
            long start = System.nanoTime();
            for (int i = 0; i < CLOCK_READS; i++) {
                sink += System.nanoTime();
            }
            long end = System.nanoTime();
            least = Math.min(least, (end - start) / (double) CLOCK_READS);
        }
        clockSink = sink;
        return least;
    }

    /** The first "model name" in a cpuinfo file, or {@code os.arch} when the file or the line is missing. */
    static String cpuModel(Path cpuinfo) {
        try (Stream<String> lines = Files.lines(cpuinfo)) {
            return lines.filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).strip())
                    .filter(model -> !model.isEmpty())
                    .findFirst()
                    .orElse(System.getProperty("os.arch"));
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.arch");
        }
    }
}
