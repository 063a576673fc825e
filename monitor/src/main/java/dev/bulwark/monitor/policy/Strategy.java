package dev.bulwark.monitor.policy;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which members of a group a failure takes down, as Erlang/OTP's supervisor strategies say it. Members are in
 * start order (the group's {@code members} list); a plan retires them in reverse order and launches them in
 * start order, as OTP terminates and starts children.
 */
public enum Strategy {
    /** Only the failed member: the others do not share its fate. The default, and a lone sandbox's strategy. */
    ONE_FOR_ONE("one_for_one"),
    /** Every member: the group shares fate (a failed member leaves the others' state meaningless). */
    ONE_FOR_ALL("one_for_all"),
    /** The failed member and every member started after it: those depend on the ones before them. */
    REST_FOR_ONE("rest_for_one");

    private final String configName;

    Strategy(String configName) {
        this.configName = configName;
    }

    /** The name a config file uses. */
    public String configName() {
        return configName;
    }

    /** The members, in start order, that the failure of {@code failed} takes down. */
    public List<String> affected(List<String> members, String failed) {
        int at = members.indexOf(failed);
        if (at < 0) {
            throw new IllegalArgumentException("'" + failed + "' is not one of " + members);
        }
        return switch (this) {
            case ONE_FOR_ONE -> List.of(failed);
            case ONE_FOR_ALL -> members;
            case REST_FOR_ONE -> members.subList(at, members.size());
        };
    }

    /** The strategy a config calls {@code name}; empty if none is. */
    public static Optional<Strategy> named(String name) {
        return Arrays.stream(values()).filter(s -> s.configName.equals(name)).findFirst();
    }

    /** The strategies' names, for a message: {@code one_for_one, one_for_all, rest_for_one}. */
    public static String knownNames() {
        return Arrays.stream(values()).map(Strategy::configName).collect(Collectors.joining(", "));
    }
}
