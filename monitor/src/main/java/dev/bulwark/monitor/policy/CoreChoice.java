package dev.bulwark.monitor.policy;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The cores one plan's launches go on, chosen as each scheme asks: a member's own core if it has not failed
 * for good, else the first core of {@code spareOrder} (the chip's {@code spareCores} in config order, then
 * every other core) that has not failed, that no sandbox holds, and that no earlier launch of this plan took.
 * The own cores of every member the plan launches are reserved before any member moves, so a migrating member
 * never takes a core its group-mate is about to be launched on again. One per attempt of a scheme.
 */
public final class CoreChoice {
    private final ChipView chip;
    private final List<Integer> spareOrder;
    private final Set<Integer> taken = new HashSet<>();

    /** For a plan that launches {@code members}; their healthy own cores are reserved for them. */
    CoreChoice(ChipView chip, List<Integer> spareOrder, Collection<String> members) {
        this.chip = chip;
        this.spareOrder = spareOrder;
        for (String member : members) {
            int own = chip.coreOf(member);
            if (!chip.failedForGood(own)) {
                taken.add(own);
            }
        }
    }

    /** A launch of {@code member} by {@code scheme} with {@code memory} on its core, or a refusal if none is left. */
    public Attempt launch(String member, Step.Memory memory, Scheme scheme) {
        int own = chip.coreOf(member);
        OptionalInt core = coreFor(own);
        if (core.isEmpty()) {
            return new Attempt.Refused("core " + own + " failed for good and no spare core is left");
        }
        return new Attempt.Steps(List.of(new Step.Launch(member, own, core.getAsInt(), memory, scheme)));
    }

    /** A failover of {@code member} to its warm standby's core, or a refusal if no standby is ready. */
    public Attempt failover(String member, Standby scheme) {
        int standby = chip.standbyCore(member);
        if (standby < 0 || chip.failedForGood(standby)) {
            return new Attempt.Refused("no warm standby is ready (being built, or its core failed for good)");
        }
        return new Attempt.Steps(List.of(new Step.Launch(member, chip.coreOf(member), standby, Step.Memory.STANDBY, scheme)));
    }

    private OptionalInt coreFor(int own) {
        if (!chip.failedForGood(own)) {
            return OptionalInt.of(own);
        }
        for (int core : spareOrder) {
            if (!chip.failedForGood(core) && !chip.inUse(core) && taken.add(core)) {
                return OptionalInt.of(core);
            }
        }
        return OptionalInt.empty();
    }
}
