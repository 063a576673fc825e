package dev.bulwark.sandbox.app;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** The apps a chip can run, by the name a config uses for them. Immutable. */
public final class AppRegistry {
    private final Map<String, AppFactory> factories;

    private AppRegistry(Map<String, AppFactory> factories) {
        this.factories = Map.copyOf(factories);
    }

    public static AppRegistry of(Map<String, AppFactory> factories) {
        return new AppRegistry(factories);
    }

    public Optional<AppFactory> find(String name) {
        return Optional.ofNullable(factories.get(name));
    }

    /** The names, sorted. */
    public Set<String> names() {
        return new TreeMap<>(factories).keySet();
    }
}
