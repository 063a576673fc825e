package dev.bulwark.monitor.policy;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What a {@link Supervisor} decided about the failure of {@code member}: the {@link Step}s for the monitor to
 * carry out in order, and the scheme of the supervisor's chain they use, with its index there. A plan that
 * brings members back has a {@code scheme} and its {@code schemeIndex} in the chain; a plan that gives up has
 * no scheme ({@code null}), {@code schemeIndex} equal to the chain's length, and ends in {@link Step.Stop}s.
 * When the monitor cannot carry a launch out, it hands the plan back to {@link Supervisor#onRefused}, which
 * goes on from the next index.
 */
public record Plan(String member, int schemeIndex, Scheme scheme, List<Step> steps) {
    public Plan {
        Objects.requireNonNull(member);
        steps = List.copyOf(steps);
        if (schemeIndex < 0 || steps.isEmpty()) {
            throw new IllegalArgumentException("a plan has steps and a scheme index >= 0");
        }
        if (scheme == null && !(steps.getLast() instanceof Step.Stop)) {
            throw new IllegalArgumentException("a plan without a scheme stops members: " + steps);
        }
    }

    /** Whether this plan gives up: it stops members instead of bringing them back. */
    public boolean stops() {
        return scheme == null;
    }

    /**
     * {@code plan for b: restart (scheme 2 of the chain): retire c; wait 20ms; launch b by restart on core 1, memory
     * fresh; ...}, or {@code plan for b: stop: stop b (...)}.
     */
    @Override
    public String toString() {
        String how = stops() ? "stop" : scheme.configName() + " (scheme " + (schemeIndex + 1) + " of the chain)";
        return "plan for " + member + ": " + how + ": "
                + steps.stream().map(Step::toString).collect(Collectors.joining("; "));
    }
}
