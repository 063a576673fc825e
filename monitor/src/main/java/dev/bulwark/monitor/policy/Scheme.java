package dev.bulwark.monitor.policy;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A way to bring one failed member back: a small record, named in a config's {@code recovery.schemes}, that
 * turns the member and the cores its plan may use into the steps of its recovery, or refuses with a reason
 * (the {@link Supervisor} then escalates to the next scheme of its chain). A scheme holds no state: intensity
 * and backoff are its supervisor's.
 *
 * <p>Every scheme's launch chooses its core the same way ({@link CoreChoice}): the member's own core unless it
 * failed for good, else the first free spare; a launch on another core than the member had is a migration.
 *
 * <p>Two schemes are their name alone ({@link #SIMPLE}: {@code restart}, {@code microreboot}); the others carry
 * settings that also shape how the member runs before any failure, given in a block of their name beside the
 * chain ({@code recovery: {schemes: [rollback, restart], rollback: {epoch: 5ms}}}): {@link Rollback} (epoch
 * checkpoints, outputs held until their epoch commits), {@link Standby} (a warm standby fed with them),
 * {@link Redundant} (copies whose outputs are compared). A {@code switch} over schemes fails to compile until it
 * handles each.
 */
public sealed interface Scheme permits Restart, Microreboot, Rollback, Standby, Redundant {
    Restart RESTART = new Restart();
    Microreboot MICROREBOOT = new Microreboot();
    /** The schemes a name alone makes, in the order a message lists them. */
    List<Scheme> SIMPLE = List.of(RESTART, MICROREBOOT);
    /** The names of the schemes that take a settings block of the same name. */
    List<String> CONFIGURED = List.of(Rollback.NAME, Standby.NAME, Redundant.NAME);

    /** The name a config file uses. */
    String configName();

    /** The steps that bring {@code member} back on a core of {@code cores}, or why this scheme cannot. */
    Attempt revive(String member, CoreChoice cores);

    /** The scheme a name alone makes ({@link #SIMPLE}); empty if {@code name} is none of them. */
    static Optional<Scheme> named(String name) {
        return SIMPLE.stream().filter(s -> s.configName().equals(name)).findFirst();
    }

    /** Every scheme's name, for a message: {@code restart, microreboot, rollback, standby, redundant}. */
    static String knownNames() {
        return Stream.concat(SIMPLE.stream().map(Scheme::configName), CONFIGURED.stream()).collect(Collectors.joining(", "));
    }
}
