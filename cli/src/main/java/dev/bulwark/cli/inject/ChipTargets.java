package dev.bulwark.cli.inject;

import dev.bulwark.hw.device.DeviceKind;
import dev.bulwark.hw.fault.FaultKind;
import dev.bulwark.monitor.replica.Redundancy;
import dev.bulwark.monitor.spec.ChannelSpec;
import dev.bulwark.monitor.spec.DeviceSpec;
import dev.bulwark.monitor.spec.SandboxSpec;
import dev.bulwark.monitor.spec.SystemSpec;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a config's chip offers a fault to land on, known from its spec before anything boots: its sandboxes
 * (and which of them own devices), its devices and their kinds, its cores, its channels. Which kinds each target takes
 * mirrors what the booted targets say ({@code acceptedFaults()} of a sandbox, a device, a core, a channel's corrupter); a test boots a
 * chip and holds the two together.
 *
 * @param sandboxes    every sandbox's name, in config order
 * @param deviceOwners the sandboxes that own at least one device (they have drivers)
 * @param devices      every device's kind, by name, in config order
 * @param cores        how many cores the chip has (0 to cores - 1)
 * @param channels     every channel's name ({@code front->kv-1}), in config order
 */
public record ChipTargets(List<String> sandboxes, Set<String> deviceOwners, Map<String, DeviceKind> devices, int cores,
                          List<String> channels) {
    /** Every kernel takes these; one that drives a device also takes {@link FaultKind#DRIVER_BUG}. */
    private static final Set<FaultKind> KERNEL =
            Collections.unmodifiableSet(EnumSet.of(FaultKind.KERNEL_PANIC, FaultKind.HANG, FaultKind.BIT_FLIP, FaultKind.WILD_WRITE));

    public ChipTargets {
        sandboxes = List.copyOf(sandboxes);
        deviceOwners = Set.copyOf(deviceOwners);
        devices = Collections.unmodifiableMap(new LinkedHashMap<>(devices));
        channels = List.copyOf(channels);
    }

    /**
     * The targets of the chip {@code spec} describes: as the chip runs it, so a redundant sandbox's faults go into
     * its copies ({@code kv-1.2}), each a kernel of its own; the sandbox itself takes none.
     */
    public static ChipTargets of(SystemSpec spec) {
        try {
            spec = Redundancy.expand(spec).spec();
        } catch (IllegalArgumentException unsupported) {
            // the validator names what is wrong with the redundant sandbox; its targets are as written meanwhile
        }
        Map<String, DeviceKind> devices = new LinkedHashMap<>();
        for (DeviceSpec d : spec.devices()) {
            devices.put(d.name(), d.kind());
        }
        return new ChipTargets(spec.sandboxes().stream().map(SandboxSpec::name).toList(),
                Set.copyOf(spec.sandboxes().stream().filter(s -> !s.devices().isEmpty()).map(SandboxSpec::name).toList()),
                devices, spec.chip().cores(), spec.channels().stream().map(ChannelSpec::name).toList());
    }

    /** The kinds the kernel of sandbox {@code name} takes (none if there is no such sandbox). */
    public Set<FaultKind> takenBySandbox(String name) {
        if (!sandboxes.contains(name)) {
            return Set.of();
        }
        if (!deviceOwners.contains(name)) {
            return KERNEL;
        }
        EnumSet<FaultKind> kinds = EnumSet.copyOf(KERNEL);
        kinds.add(FaultKind.DRIVER_BUG);
        return Collections.unmodifiableSet(kinds);
    }

    /** The kinds device {@code name} takes: a device failure, if its kind can fail at all. */
    public Set<FaultKind> takenByDevice(String name) {
        DeviceKind kind = devices.get(name);
        return kind == null || kind.failureModes().isEmpty() ? Set.of() : Set.of(FaultKind.DEVICE_FAILURE);
    }

    /** The kinds a core takes: it can fail for good. */
    public Set<FaultKind> takenByCore(int id) {
        return id >= 0 && id < cores ? Set.of(FaultKind.CORE_FAIL_STOP) : Set.of();
    }

    /** The kinds channel {@code name} takes: a message corruption in transit. */
    public Set<FaultKind> takenByChannel(String name) {
        return channels.contains(name) ? Set.of(FaultKind.MESSAGE_CORRUPTION) : Set.of();
    }

    /** The devices that can fail, in config order. */
    public List<String> failingDevices() {
        return devices.keySet().stream().filter(d -> !takenByDevice(d).isEmpty()).toList();
    }

    /** Whether some target of this chip takes faults of {@code kind}. */
    public boolean anyTakes(FaultKind kind) {
        return sandboxes.stream().anyMatch(s -> takenBySandbox(s).contains(kind))
                || !failingDevices().isEmpty() && kind == FaultKind.DEVICE_FAILURE
                || cores > 0 && takenByCore(0).contains(kind)
                || !channels.isEmpty() && takenByChannel(channels.getFirst()).contains(kind);
    }
}
