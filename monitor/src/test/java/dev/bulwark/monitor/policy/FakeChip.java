package dev.bulwark.monitor.policy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A chip as a test says it is: which core each member is on, which members run, which cores failed for good,
 * and which other cores some sandbox outside the supervisor holds. A member holds its core until it is
 * {@linkplain #release released}, as a retired sandbox waiting for its next incarnation does.
 */
final class FakeChip implements ChipView {
    private final Map<String, Integer> coreOf = new HashMap<>();
    private final Set<String> live = new HashSet<>();
    private final Set<Integer> failed = new HashSet<>();
    private final Set<Integer> heldByOthers = new HashSet<>();
    private final Set<String> released = new HashSet<>();
    private final Map<String, Integer> standbyOf = new HashMap<>();

    /** {@code members[i]} runs on core {@code i}. */
    static FakeChip running(String... members) {
        var chip = new FakeChip();
        for (int i = 0; i < members.length; i++) {
            chip.run(members[i], i);
        }
        return chip;
    }

    FakeChip run(String member, int core) {
        coreOf.put(member, core);
        live.add(member);
        released.remove(member);
        return this;
    }

    /** {@code member} is retired (or was never launched again): it holds its core but runs nothing. */
    FakeChip down(String member) {
        live.remove(member);
        return this;
    }

    /** {@code member} no longer holds its core (a view that forgets a retired sandbox's core). */
    FakeChip release(String member) {
        down(member);
        released.add(member);
        return this;
    }

    FakeChip fail(int core) {
        failed.add(core);
        return this;
    }

    /** {@code member}'s warm standby is ready on {@code core}. */
    FakeChip standby(String member, int core) {
        standbyOf.put(member, core);
        return this;
    }

    /** A sandbox outside the supervisor holds {@code core}. */
    FakeChip held(int core) {
        heldByOthers.add(core);
        return this;
    }

    @Override
    public int coreOf(String member) {
        return coreOf.get(member);
    }

    @Override
    public boolean failedForGood(int core) {
        return failed.contains(core);
    }

    @Override
    public boolean inUse(int core) {
        return heldByOthers.contains(core) || coreOf.entrySet().stream()
                .anyMatch(e -> e.getValue() == core && !released.contains(e.getKey()));
    }

    @Override
    public int standbyCore(String member) {
        return standbyOf.getOrDefault(member, -1);
    }

    @Override
    public boolean isLive(String member) {
        return live.contains(member);
    }
}
