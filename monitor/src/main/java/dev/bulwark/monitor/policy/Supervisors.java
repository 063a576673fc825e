package dev.bulwark.monitor.policy;

import dev.bulwark.monitor.spec.ChipSpec;
import dev.bulwark.monitor.spec.GroupSpec;
import dev.bulwark.monitor.spec.SandboxSpec;
import dev.bulwark.monitor.spec.SystemSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Every supervisor of a system, built from its spec: one per group, then one per sandbox in no group (a group
 * of one, {@code one_for_one}, with the sandbox's recovery). Each sandbox has exactly one; {@link #ownerOf}
 * says which. Every supervisor moves a member whose core failed to the first free core of the chip's
 * {@code spareCores}, in config order, then of every other core, lowest first.
 */
public final class Supervisors {
    private final List<Supervisor> all;
    private final Map<String, Supervisor> owners = new LinkedHashMap<>();

    private Supervisors(List<Supervisor> all) {
        this.all = List.copyOf(all);
        for (Supervisor s : all) {
            for (String member : s.members()) {
                if (owners.putIfAbsent(member, s) != null) {
                    throw new IllegalArgumentException("'%s' is a member of %s and %s".formatted(member,
                            owners.get(member).name(), s.name()));
                }
            }
        }
    }

    /**
     * The supervisors of {@code spec}, which {@code SpecValidator} accepts.
     *
     * @throws IllegalArgumentException if a group names a sandbox twice, or one that is not in the spec
     */
    public static Supervisors of(SystemSpec spec) {
        List<Integer> spareOrder = spareOrder(spec.chip());
        var names = spec.sandboxes().stream().map(SandboxSpec::name).toList();
        var supervisors = new ArrayList<Supervisor>();
        for (GroupSpec g : spec.groups()) {
            if (!names.containsAll(g.members())) {
                throw new IllegalArgumentException("group " + g.name() + " names a sandbox not in " + names + ": " + g.members());
            }
            supervisors.add(new Supervisor(g.name(), g.members(), g.strategy(), spec.recoveryOf(g.members().getFirst()),
                    spareOrder));
        }
        for (SandboxSpec s : spec.sandboxes()) {
            if (spec.groupOf(s.name()).isEmpty()) {
                supervisors.add(new Supervisor(s.name(), List.of(s.name()), Strategy.ONE_FOR_ONE, spec.recoveryOf(s.name()),
                        spareOrder));
            }
        }
        return new Supervisors(supervisors);
    }

    /** The cores a member moves to, first choice first: the spare cores in config order, then every other core. */
    static List<Integer> spareOrder(ChipSpec chip) {
        return Stream.concat(chip.spareCores().stream(),
                IntStream.range(0, chip.cores()).boxed().filter(c -> !chip.spareCores().contains(c))).toList();
    }

    /**
     * The supervisor of {@code sandbox}.
     *
     * @throws IllegalArgumentException if no supervisor has it
     */
    public Supervisor ownerOf(String sandbox) {
        Supervisor owner = owners.get(sandbox);
        if (owner == null) {
            throw new IllegalArgumentException("no supervisor has '" + sandbox + "' (sandboxes: " + owners.keySet() + ")");
        }
        return owner;
    }

    /** Every supervisor: the groups' in config order, then the lone sandboxes' in config order. */
    public List<Supervisor> all() {
        return all;
    }
}
