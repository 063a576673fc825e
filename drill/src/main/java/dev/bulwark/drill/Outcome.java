package dev.bulwark.drill;

import java.util.Locale;
import java.util.Optional;

/**
 * What came of one injection, judged from the monitor's events and the workloads' own clients. The classes are
 * exclusive: where more than one applies, {@link Judge} reports a harmed bystander before corruption, and
 * corruption before a stop; no verdict is what it reports when it could not follow the injection to an end.
 */
public enum Outcome {
    /** Nothing was detected and every checker stayed green: the fault had no effect anyone could see. */
    MASKED,
    /**
     * Detected, the victim serves again, with its state as its scheme promises (kept); or a corrupted message detected by
     * its receiver's checksum and dropped while the receiver went on serving (its client's error is interruption).
     */
    RECOVERED,
    /** Detected and serving again with its state lost, as its scheme allows (a restart from the pristine image). */
    STATE_LOST,
    /** Detected, and the policy stopped the victim (restart intensity, no spare core, an escalation to stop). */
    STOPPED,
    /** A checker found wrong data, or a reply that no detection explains: silent data corruption. */
    UNDETECTED_CORRUPTION,
    /** Another sandbox failed or was restarted, or another workload's checker went red: containment broken. */
    BYSTANDER_HARMED,
    /** The drill could not tell in time: a drill defect, reported with what it was waiting for. */
    NO_VERDICT;

    /** The name reports print and {@code --expect} reads: {@code state-lost}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
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
