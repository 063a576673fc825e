package dev.bulwark.monitor.spec;

import java.util.List;

/**
 * A whole chip and what runs on it, as a config file describes it. Built by the config loader (or in
 * code); checked by {@link SpecValidator} before the monitor boots it.
 */
public record SystemSpec(ChipSpec chip, List<SandboxSpec> sandboxes, List<ChannelSpec> channels,
                         DetectionSpec detection, RecoverySpec recovery, List<DeviceSpec> devices) {
    public SystemSpec {
        sandboxes = List.copyOf(sandboxes);
        channels = List.copyOf(channels);
        devices = List.copyOf(devices);
    }

    /** A system without devices. */
    public SystemSpec(ChipSpec chip, List<SandboxSpec> sandboxes, List<ChannelSpec> channels,
                      DetectionSpec detection, RecoverySpec recovery) {
        this(chip, sandboxes, channels, detection, recovery, List.of());
    }

    /** This system on {@code chip}. */
    public SystemSpec withChip(ChipSpec chip) {
        return new SystemSpec(chip, sandboxes, channels, detection, recovery, devices);
    }
}
