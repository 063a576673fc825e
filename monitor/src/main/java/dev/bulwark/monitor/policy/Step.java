package dev.bulwark.monitor.policy;

import dev.bulwark.monitor.spec.Units;

import java.time.Duration;
import java.util.Objects;

/**
 * One thing the monitor does to carry out a {@link Plan}, in plan order. The member that failed is already
 * retired when its plan is made (the monitor retires a failed incarnation as it detects the failure), so a
 * plan retires only the other members its strategy takes down.
 */
public sealed interface Step {
    /** Whether a launched member's memory is its last incarnation's or a fresh copy of the pristine image. */
    enum Memory {
        /** A fresh partition from the pristine image: the app's state is lost. */
        FRESH,
        /** The last incarnation's memory, re-attached after the app's integrity check passes on it. */
        KEPT,
        /** The last committed checkpoint's memory, the inputs since it replayed and its held outputs dropped. */
        CHECKPOINT,
        /** The warm standby's: the member fails over to the kernel waiting on {@code toCore}. */
        STANDBY
    }

    /** Retire the running incarnation of {@code member}, as a failed one is retired; it is launched again later in the plan, or stopped. */
    record Retire(String member) implements Step {
        public Retire {
            Objects.requireNonNull(member);
        }

        @Override
        public String toString() {
            return "retire " + member;
        }
    }

    /**
     * Backoff: run the steps after this one no sooner than {@code nanos} after this one is reached. The monitor
     * sets a deadline and carries on; it never blocks its supervisor thread on a delay.
     */
    record Delay(long nanos) implements Step {
        public Delay {
            if (nanos <= 0) {
                throw new IllegalArgumentException("a delay must be positive, got " + nanos + "ns");
            }
        }

        @Override
        public String toString() {
            return "wait " + Units.duration(Duration.ofNanos(nanos));
        }
    }

    /**
     * Launch a new incarnation of {@code member} by {@code scheme} on {@code toCore}, with {@code memory}. Its last
     * incarnation ran on {@code fromCore}; when the two differ the launch is a migration (the old core failed for
     * good), and the monitor's event names both.
     */
    record Launch(String member, int fromCore, int toCore, Memory memory, Scheme scheme) implements Step {
        public Launch {
            Objects.requireNonNull(member);
            Objects.requireNonNull(memory);
            Objects.requireNonNull(scheme);
        }

        /** Whether the member moves to another core because its own failed for good (a failover moves by design). */
        public boolean migrates() {
            return fromCore != toCore && memory != Memory.STANDBY;
        }

        @Override
        public String toString() {
            return "launch %s by %s on core %d%s, memory %s".formatted(member, scheme.configName(), toCore,
                    migrates() ? " (moved from core " + fromCore + ")" : "", memory.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** Stop {@code member} for good; {@code reason} says why, for its event. A running member is retired first, by a step of its own. */
    record Stop(String member, String reason) implements Step {
        public Stop {
            Objects.requireNonNull(member);
            Objects.requireNonNull(reason);
        }

        @Override
        public String toString() {
            return "stop " + member + " (" + reason + ")";
        }
    }
}
