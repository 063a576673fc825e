package dev.bulwark.monitor;

import dev.bulwark.hw.core.CpuAffinity;
import dev.bulwark.hw.core.Execution;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where the threads of the cores that run sandboxes went on the host, when the chip pins them ({@code chip.pin}):
 * the host CPU each such core was given, and how its current run's pin went.
 *
 * <p>When it is complete: each run pins its own thread first thing when it starts, before its kernel's first
 * pass, so once every sandbox has served (or been stopped: {@link Monitor#awaitBooted}) every core has tried.
 * Asked earlier, a core whose run has not tried yet is listed as pending. A re-incarnation pins again on its new
 * thread; the report is of the runs current when it was made.
 *
 * @param requested whether the chip pins at all
 * @param cores     one per core that runs a sandbox, in core order; empty when not requested
 */
public record PinningReport(boolean requested, List<CorePin> cores) {
    /**
     * Core {@code core} was given host CPU {@code hostCpu}; {@code result} is how its run's pin went, empty while
     * the run has not tried yet.
     */
    public record CorePin(int core, int hostCpu, Optional<CpuAffinity.Result> result) {
        boolean pinned() {
            return result.isPresent() && result.get().pinned();
        }

        @Override
        public String toString() {
            return "core " + core + "→cpu " + hostCpu;
        }
    }

    public PinningReport {
        cores = List.copyOf(cores);
    }

    /** The report for {@code sandboxes}' current runs: pinning was requested if any of their cores has a host CPU. */
    static PinningReport of(Collection<Sandbox> sandboxes) {
        List<CorePin> cores = sandboxes.stream()
                .filter(s -> s.core().hostCpu() >= 0)
                .sorted(Comparator.comparingInt(s -> s.core().id()))
                .map(s -> {
                    Incarnation current = s.current();
                    Optional<Execution> run = Optional.ofNullable(current).map(Incarnation::execution);
                    return new CorePin(s.core().id(), s.core().hostCpu(), run.flatMap(Execution::pinning));
                })
                .toList();
        return new PinningReport(!cores.isEmpty(), cores);
    }

    /** Whether every core's run has tried to pin its thread. */
    public boolean complete() {
        return cores.stream().allMatch(c -> c.result().isPresent());
    }

    /** Whether pinning was requested and every core's thread is pinned to its CPU. */
    public boolean allPinned() {
        return requested && cores.stream().allMatch(CorePin::pinned);
    }

    /**
     * One line: {@code pinned: core 0→cpu 0, core 1→cpu 1, ...}; each reason a core could not be pinned said once,
     * {@code not pinned: <why>} when it held for every core, or else after the cores it held for; cores whose run
     * has not tried yet as {@code pending}; and {@code not pinned: chip.pin is off} when pinning was not requested.
     */
    public String line() {
        if (!requested) {
            return "not pinned: chip.pin is off";
        }
        List<String> parts = new ArrayList<>();
        List<CorePin> pinned = cores.stream().filter(CorePin::pinned).toList();
        if (!pinned.isEmpty()) {
            parts.add("pinned: " + joined(pinned));
        }
        Map<String, List<CorePin>> failedBecause = new LinkedHashMap<>();
        cores.stream().filter(c -> c.result().isPresent() && !c.pinned())
                .forEach(c -> failedBecause.computeIfAbsent(c.result().get().why(), why -> new ArrayList<>()).add(c));
        failedBecause.forEach((why, failed) ->
                parts.add("not pinned: " + (failed.size() == cores.size() ? "" : joined(failed) + ": ") + why));
        List<CorePin> pending = cores.stream().filter(c -> c.result().isEmpty()).toList();
        if (!pending.isEmpty()) {
            parts.add("pending: " + joined(pending) + " (the run has not started yet)");
        }
        return String.join("; ", parts);
    }

    private static String joined(List<CorePin> cores) {
        return cores.stream().map(CorePin::toString).collect(Collectors.joining(", "));
    }
}
