package dev.bulwark.monitor.replica;

import dev.bulwark.monitor.policy.Redundant;
import dev.bulwark.monitor.policy.Strategy;
import dev.bulwark.monitor.spec.ChannelSpec;
import dev.bulwark.monitor.spec.GroupSpec;
import dev.bulwark.monitor.spec.RecoverySpec;
import dev.bulwark.monitor.spec.SandboxSpec;
import dev.bulwark.monitor.spec.SystemSpec;
import dev.bulwark.sandbox.replica.LogDescriptor;
import dev.bulwark.sandbox.replica.OutputDescriptor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a spec whose sandboxes may run redundantly ({@code recovery.schemes} holds {@code redundant}) into the
 * spec the chip is built from: each redundant sandbox becomes its copies, sandboxes of their own on the cores
 * its {@code redundant.cores} lists (copy 1 takes the sandbox's own partition base), with no devices (a device
 * has one owner), in a group of their own named after the sandbox ({@code one_for_all} with the sandbox's
 * recovery: what the chain does after {@code redundant} it does to every copy at once, e.g. restart them all
 * from the pristine image); plus each copy's log channel and output link ({@link ReplicaSet}). The sandbox's
 * real channels stay as they are: its replicator owns their ends.
 *
 * <p>Why copies are sandboxes: each then has what the monitor already gives a kernel (a core, a partition and its
 * spare backing, a heartbeat, traps, a fault target named {@code kv-1.2}), and the monitor's recovery of a copy
 * differs only in where the new copy's memory comes from. The spec given to the chip is validated as written, so
 * errors name the user's sandbox, not a copy.
 */
public final class Redundancy {
    /** Messages a log channel or output link holds: the replicator keeps the rest of the log itself. */
    public static final int LINK_CAPACITY = 256;

    /** The expanded spec and its redundant sandboxes. */
    public record Expansion(SystemSpec spec, List<ReplicaSet> sets) {
        public Expansion {
            sets = List.copyOf(sets);
        }
    }

    private Redundancy() {
    }

    /** The redundant scheme of {@code recovery}, if it has one. */
    public static Optional<Redundant> of(RecoverySpec recovery) {
        return recovery.schemes().stream().filter(s -> s instanceof Redundant).map(s -> (Redundant) s)
                .findFirst();
    }

    /**
     * The spec with every redundant sandbox expanded into its copies; {@code spec} itself if none is redundant.
     *
     * @throws IllegalArgumentException if a redundant sandbox owns a device or is in a group (not supported)
     */
    public static Expansion expand(SystemSpec spec) {
        List<SandboxSpec> sandboxes = new ArrayList<>();
        List<ChannelSpec> channels = new ArrayList<>(spec.channels());
        List<GroupSpec> groups = new ArrayList<>(spec.groups());
        List<ReplicaSet> sets = new ArrayList<>();
        for (SandboxSpec s : spec.sandboxes()) {
            RecoverySpec recovery = spec.recoveryOf(s.name());
            Optional<Redundant> redundant = of(recovery);
            if (redundant.isEmpty()) {
                sandboxes.add(s);
                continue;
            }
            if (!s.devices().isEmpty()) {
                throw new IllegalArgumentException("sandbox " + s.name() + ": redundant execution of a sandbox that owns "
                        + "devices is not supported (a device has one owner): " + s.devices());
            }
            if (spec.groupOf(s.name()).isPresent()) {
                throw new IllegalArgumentException("sandbox " + s.name() + ": redundant execution of a group member is "
                        + "not supported (its copies are a group of their own)");
            }
            Redundant r = redundant.get();
            List<ChannelSpec> in = spec.channels().stream().filter(c -> c.to().equals(s.name())).toList();
            List<ChannelSpec> out = spec.channels().stream().filter(c -> c.from().equals(s.name())).toList();
            int logSlot = LogDescriptor.slotBytes(in.stream().mapToInt(ChannelSpec::slotBytes).max().orElse(0));
            int linkSlot = OutputDescriptor.slotBytes(out.stream().mapToInt(ChannelSpec::slotBytes).max().orElse(0));
            List<String> copies = new ArrayList<>();
            for (int k = 1; k <= r.copies(); k++) {
                String copy = ReplicaSet.copyName(s.name(), k);
                copies.add(copy);
                sandboxes.add(new SandboxSpec(copy, r.cores().get(k - 1), s.memoryBytes(), k == 1 ? s.base() : null,
                        s.app(), s.params(), null, List.of()));
                channels.add(new ChannelSpec(s.name(), copy, LINK_CAPACITY, logSlot));
                channels.add(new ChannelSpec(copy, s.name(), LINK_CAPACITY, linkSlot));
            }
            groups.add(new GroupSpec(s.name(), copies, Strategy.ONE_FOR_ALL, recovery));
            sets.add(new ReplicaSet(s.name(), copies, r.cores(), in.stream().map(ChannelSpec::name).toList(),
                    out.stream().map(ChannelSpec::name).toList()));
        }
        if (sets.isEmpty()) {
            return new Expansion(spec, List.of());
        }
        return new Expansion(new SystemSpec(spec.chip(), sandboxes, channels, spec.detection(), spec.recovery(),
                spec.devices(), groups), sets);
    }
}
