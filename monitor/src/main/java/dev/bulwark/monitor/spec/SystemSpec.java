package dev.bulwark.monitor.spec;

import java.util.List;
import java.util.Optional;

/**
 * A whole chip and what runs on it, as a config file describes it. Built by the config loader (or in
 * code); checked by {@link SpecValidator} before the monitor boots it. {@code recovery} is the default of
 * every sandbox and group that has none of its own; {@code groups} lists the sandboxes that share a
 * supervisor (a sandbox in none has one of its own).
 */
public record SystemSpec(ChipSpec chip, List<SandboxSpec> sandboxes, List<ChannelSpec> channels,
                         DetectionSpec detection, RecoverySpec recovery, List<DeviceSpec> devices,
                         List<GroupSpec> groups) {
    public SystemSpec {
        sandboxes = List.copyOf(sandboxes);
        channels = List.copyOf(channels);
        devices = List.copyOf(devices);
        groups = List.copyOf(groups);
    }

    /** A system without groups: every sandbox has a supervisor of its own. */
    public SystemSpec(ChipSpec chip, List<SandboxSpec> sandboxes, List<ChannelSpec> channels,
                      DetectionSpec detection, RecoverySpec recovery, List<DeviceSpec> devices) {
        this(chip, sandboxes, channels, detection, recovery, devices, List.of());
    }

    /** A system without devices or groups. */
    public SystemSpec(ChipSpec chip, List<SandboxSpec> sandboxes, List<ChannelSpec> channels,
                      DetectionSpec detection, RecoverySpec recovery) {
        this(chip, sandboxes, channels, detection, recovery, List.of());
    }

    /** This system on {@code chip}. */
    public SystemSpec withChip(ChipSpec chip) {
        return new SystemSpec(chip, sandboxes, channels, detection, recovery, devices, groups);
    }

    /** This system with {@code recovery} as the default recovery. */
    public SystemSpec withRecovery(RecoverySpec recovery) {
        return new SystemSpec(chip, sandboxes, channels, detection, recovery, devices, groups);
    }

    /**
     * This system with {@code recovery} for {@code sandbox}: its group's, if it is in one (so for the whole
     * group), else its own.
     */
    public SystemSpec withRecoveryOf(String sandbox, RecoverySpec recovery) {
        var group = groupOf(sandbox);
        if (group.isPresent()) {
            GroupSpec g = group.get();
            return withGroups(groups.stream().map(x -> x != g ? x
                    : new GroupSpec(g.name(), g.members(), g.strategy(), recovery)).toList());
        }
        return new SystemSpec(chip, sandboxes.stream().map(s -> !s.name().equals(sandbox) ? s
                : new SandboxSpec(s.name(), s.core(), s.memoryBytes(), s.base(), s.app(), s.params(), recovery,
                s.devices())).toList(), channels, detection, this.recovery, devices, groups);
    }

    /** This system with {@code groups}. */
    public SystemSpec withGroups(List<GroupSpec> groups) {
        return new SystemSpec(chip, sandboxes, channels, detection, recovery, devices, groups);
    }

    /** The group {@code sandbox} is a member of, if any (the first, in a spec not yet validated). */
    public Optional<GroupSpec> groupOf(String sandbox) {
        return groups.stream().filter(g -> g.members().contains(sandbox)).findFirst();
    }

    /**
     * The recovery that applies to {@code sandbox}: its group's if it is in one, else its own, else the default
     * ({@link #recovery}).
     *
     * @throws IllegalArgumentException if there is no sandbox of that name
     */
    public RecoverySpec recoveryOf(String sandbox) {
        var group = groupOf(sandbox);
        if (group.isPresent()) {
            return group.get().recovery() != null ? group.get().recovery() : recovery;
        }
        var own = sandboxes.stream().filter(s -> s.name().equals(sandbox)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no sandbox named '" + sandbox + "'"));
        return own.recovery() != null ? own.recovery() : recovery;
    }
}
