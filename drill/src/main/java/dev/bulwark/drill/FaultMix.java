package dev.bulwark.drill;

import dev.bulwark.hw.fault.FaultKind;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * Which faults a drill injects: each kind with a weight (how often it is drawn, relative to the others), into
 * the targets of {@code victims} (sandbox names: their kernels, their cores, the devices they own; empty for
 * every sandbox).
 */
public record FaultMix(Map<FaultKind, Integer> weights, Set<String> victims) {
    public FaultMix {
        weights = Map.copyOf(weights);
        victims = Set.copyOf(victims);
        if (weights.isEmpty() || weights.values().stream().anyMatch(w -> w < 1)) {
            throw new IllegalArgumentException("a fault mix needs at least one kind, each weighted 1 or more: " + weights);
        }
    }

    /** Every kind of {@code kinds} equally often, into {@code victims} (empty: every sandbox). */
    public static FaultMix of(Collection<FaultKind> kinds, Set<String> victims) {
        Map<FaultKind, Integer> weights = new EnumMap<>(FaultKind.class);
        kinds.forEach(k -> weights.put(k, 1));
        return new FaultMix(weights, victims);
    }

    /** The same victims, only {@code kinds}, equally often: what {@code --kinds} asks for. */
    public FaultMix only(Collection<FaultKind> kinds) {
        return of(kinds, victims);
    }

    /** Whether {@code sandbox} is one of the victims. */
    public boolean aims(String sandbox) {
        return victims.isEmpty() || victims.contains(sandbox);
    }
}
