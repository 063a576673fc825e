package dev.bulwark.drill;

import java.util.Locale;
import java.util.Optional;

/**
 * What came of one injection, judged from the monitor's events and the workloads' own clients. The classes are
 * exclusive; where more than one applies, the first in declaration order below the healthy ones wins in
 * {@link Judge}: a harmed bystander is reported before corruption, corruption before a missing verdict.
 */
public enum Outcome {
    /** Nothing was detected and every checker stayed green: the fault had no effect anyone could see. */
    MASKED("nothing detected, every checker green"),
    /** Detected, the victim serves again, with its state as its scheme promises (kept). */
    RECOVERED("detected and serving again, state kept"),
    /** Detected and serving again with its state lost, as its scheme allows (a restart from the pristine image). */
    STATE_LOST("detected and serving again, state lost as the scheme allows"),
    /** Detected, and the policy stopped the victim (restart intensity, no spare core, an escalation to stop). */
    STOPPED("stopped by the recovery policy"),
    /** A checker found wrong data, or a reply that no detection explains: silent data corruption. */
    UNDETECTED_CORRUPTION("a checker found wrong data: silent data corruption"),
    /** Another sandbox failed or was restarted, or another workload's checker went red: containment broken. */
    BYSTANDER_HARMED("another sandbox failed or another workload's checker went red"),
    /** The drill could not tell in time: a drill defect, reported with what it was waiting for. */
    NO_VERDICT("no verdict within the drill's timeout");

    private final String description;

    Outcome(String description) {
        this.description = description;
    }

    /** The name reports print and {@code --expect} reads: {@code state-lost}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public String description() {
        return description;
    }

    /** Whether this outcome is what a working system promises: the fault was masked or recovered from. */
    public boolean healthy() {
        return this == MASKED || this == RECOVERED || this == STATE_LOST;
    }

    public static Optional<Outcome> named(String name) {
        for (Outcome o : values()) {
            if (o.configName().equals(name)) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }
}
