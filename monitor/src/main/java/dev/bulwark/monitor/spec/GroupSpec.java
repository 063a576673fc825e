package dev.bulwark.monitor.spec;

import dev.bulwark.monitor.policy.Strategy;

import java.util.List;
import java.util.Objects;

/**
 * Sandboxes that share one supervisor, as a config's {@code groups:} lists them: a name, the members in start
 * order (the order a plan launches them in, and what {@code rest_for_one}'s "the members after it" means), a
 * {@link Strategy}, and its recovery ({@code null}: the system's default). A sandbox is in at most one group,
 * and a member has no {@code recovery} of its own: its group's applies ({@link SpecValidator} checks both).
 */
public record GroupSpec(String name, List<String> members, Strategy strategy, RecoverySpec recovery) {
    public GroupSpec {
        members = List.copyOf(members);
        Objects.requireNonNull(strategy, "strategy is null: Strategy.ONE_FOR_ONE is the default");
    }
}
