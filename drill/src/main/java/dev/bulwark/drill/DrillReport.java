package dev.bulwark.drill;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A drill's result: every injection with its verdict, and what it takes to rerun it (seed, the config's hash,
 * Bulwark's version) and to read its timings (host, JDK, host CPUs).
 *
 * @param scenario     the scenario's name, or the config file's for {@code --config}
 * @param seed         the seed the schedule was drawn from
 * @param configSha256 SHA-256 of the config's text, hex
 * @param version      Bulwark's version
 * @param host         the host's name and OS
 * @param jdk          the JDK's vendor and version
 * @param cpus         host CPUs available
 * @param started      when it started
 * @param took         how long it ran
 * @param variants     the scheme variants, in the order they ran
 * @param injections   every injection, in the order injected
 * @param stuck        null, or what the watchdog found the drill waiting for when it ended it
 * @param throughput   per variant that measured it (in the order they ran), its workloads' fault-free throughput
 *                     ({@link Throughput}); empty if no variant did
 */
public record DrillReport(String scenario, long seed, String configSha256, String version, String host, String jdk,
                          int cpus, Instant started, Duration took, List<String> variants, List<Injection> injections,
                          String stuck, List<Throughput> throughput) {
    public DrillReport {
        variants = List.copyOf(variants);
        injections = List.copyOf(injections);
        throughput = List.copyOf(throughput);
    }

    /** A report without throughput figures. */
    public DrillReport(String scenario, long seed, String configSha256, String version, String host, String jdk,
                       int cpus, Instant started, Duration took, List<String> variants, List<Injection> injections,
                       String stuck) {
        this(scenario, seed, configSha256, version, host, jdk, cpus, started, took, variants, injections, stuck, List.of());
    }

    /**
     * One variant's fault-free throughput, measured on its chip after its first boot settled and before its first
     * injection: {@code operations} completed by workload {@code workload}'s client over {@code window}.
     */
    public record Throughput(String variant, String workload, long operations, Duration window) {
        public double perSecond() {
            return operations / (window.toNanos() / 1e9);
        }
    }

    public Summary summary() {
        return Summary.of(injections);
    }
}
