package dev.bulwark.monitor.policy;

import java.util.List;

/** What a {@link Scheme} answers for one member: the steps that bring it back, or a refusal with a reason. */
public sealed interface Attempt {
    /** The steps, in order; never empty. */
    record Steps(List<Step> steps) implements Attempt {
        public Steps {
            steps = List.copyOf(steps);
            if (steps.isEmpty()) {
                throw new IllegalArgumentException("a scheme that brings a member back takes at least one step");
            }
        }
    }

    /** The scheme cannot bring the member back; {@code reason} says why, in words for an event. */
    record Refused(String reason) implements Attempt {
    }
}
