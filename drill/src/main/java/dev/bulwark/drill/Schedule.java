package dev.bulwark.drill;

import dev.bulwark.hw.device.Device;
import dev.bulwark.hw.event.Event;
import dev.bulwark.hw.event.EventSink;
import dev.bulwark.hw.fault.Fault;
import dev.bulwark.hw.fault.FaultInjector;
import dev.bulwark.hw.fault.FaultTarget;
import dev.bulwark.hw.fault.FaultKind;
import dev.bulwark.ipc.channel.Channel;
import dev.bulwark.monitor.Monitor;
import dev.bulwark.monitor.Sandbox;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongFunction;

/**
 * A drill's injections, drawn from a seed: for each, a kind (by the mix's weights), a target that takes it (among
 * the mix's victims, uniformly), the fault's parameters (which bit of which byte) and an offset. The draw reads
 * only what a chip's spec fixes (its sandboxes in config order, the kinds each takes, the sizes of their memory
 * areas, their devices, its channels), so the same seed and config give the same schedule on every boot and every host.
 */
public final class Schedule {
    /** Where the drawing injector would record its injections: it never injects, so nothing arrives. */
    private static final EventSink NOWHERE = new EventSink() {
        @Override
        public <E extends Event> E record(LongFunction<E> event) {
            throw new IllegalStateException("the schedule's injector draws faults; it injects none");
        }
    };

    private Schedule() {
    }

    /**
     * The targets on {@code monitor}'s chip for each kind of {@code mix} it has targets for, in config order. A
     * sandbox's kernel takes the kernel kinds (and a driver bug if it owns a device), the core it runs on takes a
     * fail-stop, a device it owns takes a device failure if its kind can fail, a channel into it (in config order, after
     * every sandbox's) takes a message corruption.
     */
    public static Map<FaultKind, List<Target>> targets(Monitor monitor, FaultMix mix) {
        Map<FaultKind, List<Target>> targets = new EnumMap<>(FaultKind.class);
        for (Sandbox s : monitor.sandboxes()) {
            if (!mix.aims(s.name())) {
                continue;
            }
            for (FaultKind kind : s.acceptedFaults().stream().sorted().toList()) {
                targets.computeIfAbsent(kind, k -> new ArrayList<>()).add(new Target.Kernel(s.name()));
            }
            if (s.core().acceptedFaults().contains(FaultKind.CORE_FAIL_STOP)) {
                targets.computeIfAbsent(FaultKind.CORE_FAIL_STOP, k -> new ArrayList<>()).add(new Target.CoreOf(s.name()));
            }
            for (Device d : s.devices()) {
                for (FaultKind kind : d.acceptedFaults().stream().sorted().toList()) {
                    targets.computeIfAbsent(kind, k -> new ArrayList<>()).add(new Target.Device(d.name(), s.name()));
                }
            }
        }
        for (Channel c : monitor.channels()) { // a channel is aimed at through its receiver, whose checksum finds the corruption
            if (mix.aims(c.to())) {
                for (FaultKind kind : c.corrupter().acceptedFaults().stream().sorted().toList()) {
                    targets.computeIfAbsent(kind, k -> new ArrayList<>()).add(new Target.Channel(c.name(), c.to()));
                }
            }
        }
        targets.keySet().retainAll(mix.weights().keySet());
        return targets;
    }

    /** The kinds of {@code mix} that no target on {@code monitor}'s chip takes: a drill refuses to start with any. */
    public static List<FaultKind> untargeted(Monitor monitor, FaultMix mix) {
        Map<FaultKind, List<Target>> targets = targets(monitor, mix);
        return mix.weights().keySet().stream().filter(k -> !targets.containsKey(k)).sorted().toList();
    }

    /**
     * {@code count} injections for {@code monitor}'s chip from {@code seed}, offsets up to {@code maxOffsetNanos}.
     *
     * @throws IllegalArgumentException if some kind of the mix has no target on this chip
     */
    public static List<PlannedFault> draw(Monitor monitor, FaultMix mix, int count, long seed, long maxOffsetNanos) {
        List<FaultKind> missing = untargeted(monitor, mix);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("no target on this chip takes " + missing.stream()
                    .map(FaultKind::configName).toList() + " (among the sandboxes " + (mix.victims().isEmpty()
                    ? "of the chip" : mix.victims().stream().sorted().toList()) + ")");
        }
        Map<FaultKind, List<Target>> targets = targets(monitor, mix);
        List<FaultKind> kinds = mix.weights().keySet().stream().sorted().toList(); // enum order: a stable draw
        int totalWeight = kinds.stream().mapToInt(mix.weights()::get).sum();
        SplittableRandom random = new SplittableRandom(seed);
        FaultInjector parameters = new FaultInjector(random.nextLong(), NOWHERE); // draws only: injects nothing
        List<PlannedFault> schedule = new ArrayList<>(count);
        for (int n = 1; n <= count; n++) {
            int pick = random.nextInt(totalWeight);
            FaultKind kind = kinds.getFirst();
            for (FaultKind k : kinds) {
                pick -= mix.weights().get(k);
                if (pick < 0) {
                    kind = k;
                    break;
                }
            }
            List<Target> able = targets.get(kind);
            Target target = able.get(random.nextInt(able.size()));
            long offset = maxOffsetNanos == 0 ? 0 : random.nextLong(maxOffsetNanos + 1);
            FaultTarget into = target.resolve(monitor);
            Fault fault = into instanceof Device d // a device fails only in the modes its kind has (a timer cannot corrupt)
                    ? new Fault.DeviceFailure(d.kind().failureModes().stream().toList()
                            .get(random.nextInt(d.kind().failureModes().size())))
                    : parameters.draw(kind, into);
            schedule.add(new PlannedFault(n, target, fault, offset));
        }
        return List.copyOf(schedule);
    }
}
