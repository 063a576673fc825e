package dev.bulwark.drill;

import dev.bulwark.drill.workload.LoadProbe;
import dev.bulwark.drill.workload.WorkloadFactory;
import dev.bulwark.monitor.spec.SystemSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * A drill shipped in the jar: a chip (a config resource beside this class, in {@code scenarios/}), the workloads
 * that run on it, the scheme variants to compare, the fault mix and how many injections by default, and the load
 * it measures on a fault-free chip of each variant (null: none); its timings follow from its config's detection
 * settings. {@link Scenarios} lists them.
 */
public record Scenario(String name, String summary, String configResource, List<SchemeVariant> variants, FaultMix mix,
                       int defaultFaults, WorkloadFactory workloads, LoadProbe load) {
    public Scenario {
        variants = List.copyOf(variants);
    }

    /** A scenario that measures no load. */
    public Scenario(String name, String summary, String configResource, List<SchemeVariant> variants, FaultMix mix,
                    int defaultFaults, WorkloadFactory workloads) {
        this(name, summary, configResource, variants, mix, defaultFaults, workloads, null);
    }

    /** The config's YAML, as shipped. */
    public String configText() {
        try (InputStream in = Scenario.class.getResourceAsStream("scenarios/" + configResource)) {
            if (in == null) {
                throw new IllegalStateException("scenario " + name + ": no resource scenarios/" + configResource + " in the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The plan of this scenario on {@code spec} (its config, as loaded), {@code faults} injections of {@code mix}
     * (its own, or fewer kinds: {@code --kinds}) from {@code seed}.
     */
    public DrillPlan plan(SystemSpec spec, FaultMix mix, int faults, long seed) {
        return new DrillPlan(name, spec, configText(), variants, mix, faults, seed,
                DrillTimings.forDetection(spec.detection(), mix), workloads, load);
    }
}
