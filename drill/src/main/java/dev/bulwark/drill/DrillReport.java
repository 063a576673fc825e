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
 * @param figures      per variant that ran, in the same order: its load figures and its audit of output commit
 */
public record DrillReport(String scenario, long seed, String configSha256, String version, String host, String jdk,
                          int cpus, Instant started, Duration took, List<String> variants, List<Injection> injections,
                          String stuck, List<VariantFigures> figures) {
    public DrillReport {
        variants = List.copyOf(variants);
        injections = List.copyOf(injections);
        figures = List.copyOf(figures);
    }

    /** A report without per-variant figures. */
    public DrillReport(String scenario, long seed, String configSha256, String version, String host, String jdk,
                       int cpus, Instant started, Duration took, List<String> variants, List<Injection> injections,
                       String stuck) {
        this(scenario, seed, configSha256, version, host, jdk, cpus, started, took, variants, injections, stuck, List.of());
    }

    /** The variant the others' throughput is compared with: the first that measured a load, or null if none did. */
    public VariantFigures baseline() {
        return figures.stream().filter(f -> f.load() != null).findFirst().orElse(null);
    }

    /** Whether any variant's audit found an output of a rolled-back epoch published or an acknowledged write lost. */
    public boolean auditFailed() {
        return figures.stream().anyMatch(f -> !f.audit().clean());
    }

    public Summary summary() {
        return Summary.of(injections);
    }
}
