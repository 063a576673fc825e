package dev.bulwark.monitor.policy;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A way to bring one failed member back: a small record, named in a config's {@code recovery.schemes}, that
 * turns the member and the cores its plan may use into the steps of its recovery, or refuses with a reason
 * (the {@link Supervisor} then escalates to the next scheme of its chain). A scheme holds no state: intensity
 * and backoff are its supervisor's.
 *
 * <p>Every scheme's launch chooses its core the same way ({@link CoreChoice}): the member's own core unless it
 * failed for good, else the first free spare; a launch on another core than the member had is a migration.
 *
 * <p>Later schemes join the {@code permits} clause, each with the steps it needs added to {@link Step}:
 * rollback to the last epoch checkpoint (a restore step, outputs held until their epoch commits),
 * failover to a warm standby sandbox (a promote step), redundant execution (launches of two or three
 * copies and a vote). A {@code switch} over schemes or steps then fails to compile until it handles them.
 */
public sealed interface Scheme permits Restart, Microreboot {
    Restart RESTART = new Restart();
    Microreboot MICROREBOOT = new Microreboot();
    /** Every scheme, in the order a message lists them. */
    List<Scheme> KNOWN = List.of(RESTART, MICROREBOOT);

    /** The name a config file uses. */
    String configName();

    /** The steps that bring {@code member} back on a core of {@code cores}, or why this scheme cannot. */
    Attempt revive(String member, CoreChoice cores);

    /** The scheme a config calls {@code name}; empty if none is. */
    static Optional<Scheme> named(String name) {
        return KNOWN.stream().filter(s -> s.configName().equals(name)).findFirst();
    }

    /** The known schemes' names, for a message: {@code restart, microreboot}. */
    static String knownNames() {
        return KNOWN.stream().map(Scheme::configName).collect(Collectors.joining(", "));
    }
}
