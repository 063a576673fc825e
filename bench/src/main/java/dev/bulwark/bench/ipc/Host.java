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
 */
public record Host(String cpu, int cpus, String os, String jdk, String jdkVendor) {
    /** This machine. */
    public static Host current() {
        return new Host(cpuModel(Path.of("/proc/cpuinfo")), Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                Runtime.version().toString(), System.getProperty("java.vendor"));
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
