package dev.bulwark.monitor.spec;

import dev.bulwark.monitor.policy.Redundant;
import dev.bulwark.monitor.policy.Rollback;
import dev.bulwark.monitor.policy.Scheme;
import dev.bulwark.monitor.policy.Standby;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules for the schemes that carry settings ({@link Scheme#CONFIGURED}), checked per sandbox on the recovery
 * that applies to it (its own, its group's, or the system's), each problem at the path of the section that gave it:
 * <ul>
 *   <li>rollback: a positive epoch, on a sandbox that owns no device (a device's input cannot be replayed);</li>
 *   <li>standby: a core of the chip that no sandbox runs on, no spare core and no other standby holds; one
 *       sandbox's (a group's members cannot share one standby);</li>
 *   <li>redundant: 2 or 3 copies, on as many distinct cores of the chip that no other sandbox runs on, no spare
 *       core and no other copy holds; a sandbox that owns no device (a device has one owner) and is in no group
 *       of others (its copies are a group of their own); and the chip's memory must hold every copy's partition
 *       and the replicator's channels.</li>
 * </ul>
 */
final class SchemeSettingsCheck {
    private SchemeSettingsCheck() {
    }

    static void check(SystemSpec spec, List<SpecProblem> problems) {
        Map<Integer, String> reserved = new HashMap<>(); // a standby's or a copy's core: what holds it, in words
        boolean redundant = false;
        for (int i = 0; i < spec.sandboxes().size(); i++) {
            SandboxSpec sandbox = spec.sandboxes().get(i);
            if (sandbox.name() == null) {
                continue;
            }
            String path = pathOfRecovery(spec, i);
            for (Scheme scheme : spec.recoveryOf(sandbox.name()).schemes()) {
                switch (scheme) {
                    case Rollback r -> rollback(path + "." + Rollback.NAME, sandbox, r, problems);
                    case Standby st -> standby(path + "." + Standby.NAME, spec, sandbox, st, reserved, problems);
                    case Redundant red -> {
                        redundant(path + "." + Redundant.NAME, spec, sandbox, red, reserved, problems);
                        redundant = true;
                    }
                    default -> { }
                }
            }
        }
        // Once each redundant sandbox is sound, the chip as it runs them (every copy a partition) must fit.
        if (redundant && problems.stream().noneMatch(SpecProblem::isError)) {
            var expanded = dev.bulwark.monitor.replica.Redundancy.expand(spec).spec();
            for (SpecProblem p : PartitionLayout.of(expanded.chip(), expanded.sandboxes(), expanded.channels()).problems()) {
                problems.add(new SpecProblem(p.path(), "with each redundant sandbox's copies: " + p.message()));
            }
        }
    }

    private static void redundant(String path, SystemSpec spec, SandboxSpec sandbox, Redundant r,
                                  Map<Integer, String> reserved, List<SpecProblem> problems) {
        if (r.copies() < 2 || r.copies() > 3) {
            problems.add(new SpecProblem(path + ".copies", "redundant execution runs 2 copies (detect) or 3 (vote), not "
                    + r.copies()));
        }
        if (r.cores().size() != r.copies()) {
            problems.add(new SpecProblem(path + ".cores", "%d copies need %d cores, one each; got %s"
                    .formatted(r.copies(), r.copies(), r.cores())));
        }
        if (!sandbox.devices().isEmpty()) {
            problems.add(new SpecProblem(path, ("sandbox '%s' owns %s: a device has one owner, so it cannot run "
                    + "redundantly; give it restart, microreboot or standby").formatted(sandbox.name(), sandbox.devices())));
        }
        if (spec.groupOf(sandbox.name()).isPresent()) {
            problems.add(new SpecProblem(path, ("sandbox '%s' is in group '%s': a redundant sandbox's copies are a group "
                    + "of their own; take it out of the group").formatted(sandbox.name(), spec.groupOf(sandbox.name()).get().name())));
        }
        for (int core : r.cores()) {
            coreOfItsOwn(path + ".cores", spec, core, sandbox.name(), "each copy", "a copy", "the core of a copy of '" + sandbox.name() + "'",
                    reserved, problems);
        }
    }

    /**
     * Checks that {@code core} can be one of its own for {@code who} ({@code a standby}, {@code each copy}): on the chip,
     * running no sandbox but {@code owner} (a copy may take its sandbox's configured core; null: none), no spare core (a migration
     * could take it), not already reserved for another standby or copy; then reserves it, held by {@code holder}.
     */
    private static void coreOfItsOwn(String path, SystemSpec spec, int core, String owner, String who, String what,
                                     String holder, Map<Integer, String> reserved, List<SpecProblem> problems) {
        int cores = spec.chip().cores();
        if (core < 0 || core >= cores) {
            problems.add(new SpecProblem(path, "core %d does not exist (the chip has %s)".formatted(core,
                    SpecValidator.coreRange(cores))));
            return;
        }
        spec.sandboxes().stream().filter(o -> o.core() == core && !o.name().equals(owner)).findFirst()
                .ifPresent(o -> problems.add(new SpecProblem(path, "core %d runs sandbox '%s': %s needs a core of its own"
                        .formatted(core, o.name(), who))));
        if (spec.chip().spareCores().contains(core)) {
            problems.add(new SpecProblem(path, ("core %d is a spare core (chip.spareCores): %s needs a core no migration "
                    + "can take").formatted(core, what)));
        }
        String other = reserved.putIfAbsent(core, holder);
        if (other != null) {
            problems.add(new SpecProblem(path, "core %d is already %s".formatted(core, other)));
        }
    }

    /** Where the recovery of {@code sandboxes[i]} was given: its own section, its group's, or the system's. */
    private static String pathOfRecovery(SystemSpec spec, int i) {
        SandboxSpec sandbox = spec.sandboxes().get(i);
        if (sandbox.recovery() != null) {
            return "sandboxes[" + i + "].recovery";
        }
        var group = spec.groupOf(sandbox.name());
        if (group.isPresent() && group.get().recovery() != null) {
            return "groups[" + spec.groups().indexOf(group.get()) + "].recovery";
        }
        return "recovery";
    }

    private static void rollback(String path, SandboxSpec sandbox, Rollback r, List<SpecProblem> problems) {
        if (r.epoch().isNegative() || r.epoch().isZero()) {
            problems.add(new SpecProblem(path + ".epoch", "the epoch must be positive, got " + Units.duration(r.epoch())));
        }
        if (!sandbox.devices().isEmpty()) {
            problems.add(new SpecProblem(path, ("sandbox '%s' owns %s: rollback replays a sandbox's inputs from its "
                    + "channels, and a device's input cannot be replayed; give it restart, microreboot or standby")
                    .formatted(sandbox.name(), sandbox.devices())));
        }
    }

    private static void standby(String path, SystemSpec spec, SandboxSpec sandbox, Standby st,
                                Map<Integer, String> reserved, List<SpecProblem> problems) {
        if (spec.groupOf(sandbox.name()).filter(g -> g.members().size() > 1).isPresent() && sandbox.recovery() == null) {
            problems.add(new SpecProblem(path, ("a standby stands in for one sandbox: give it in the recovery of '%s', "
                    + "not its group's").formatted(sandbox.name())));
            return;
        }
        coreOfItsOwn(path + ".core", spec, st.core(), null, "a standby", "a standby",
                "the standby core of '" + sandbox.name() + "'", reserved, problems);
    }
}
