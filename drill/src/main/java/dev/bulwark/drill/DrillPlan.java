package dev.bulwark.drill;

import dev.bulwark.drill.workload.LoadProbe;
import dev.bulwark.drill.workload.WorkloadFactory;
import dev.bulwark.monitor.spec.SystemSpec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Everything a drill needs to run, all of it fixed before the first boot: the chip (its spec and the config text
 * it came from, whose hash the report records), the variants to run side by side, the fault mix, how many
 * injections per variant, the seed, the timings and the workloads, and the load measured on a fault-free chip of
 * each variant before its faults ({@code load}; null for none).
 */
public record DrillPlan(String name, SystemSpec spec, String configText, List<SchemeVariant> variants, FaultMix mix,
                        int faults, long seed, DrillTimings timings, WorkloadFactory workloads, LoadProbe load) {
    public DrillPlan {
        variants = List.copyOf(variants);
        if (variants.isEmpty()) {
            throw new IllegalArgumentException("a drill needs at least one scheme variant");
        }
        if (faults < 1) {
            throw new IllegalArgumentException("a drill needs at least one injection, got " + faults);
        }
    }

    /** A plan that measures no load. */
    public DrillPlan(String name, SystemSpec spec, String configText, List<SchemeVariant> variants, FaultMix mix,
                     int faults, long seed, DrillTimings timings, WorkloadFactory workloads) {
        this(name, spec, configText, variants, mix, faults, seed, timings, workloads, null);
    }

    public DrillPlan withVariants(List<SchemeVariant> variants) {
        return new DrillPlan(name, spec, configText, variants, mix, faults, seed, timings, workloads, load);
    }

    /** This plan measuring {@code load} (null: none). */
    public DrillPlan withLoad(LoadProbe load) {
        return new DrillPlan(name, spec, configText, variants, mix, faults, seed, timings, workloads, load);
    }

    /** SHA-256 of the config text, hex: what the report records so a rerun can tell it has the same config. */
    public String configSha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(configText.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }
}
