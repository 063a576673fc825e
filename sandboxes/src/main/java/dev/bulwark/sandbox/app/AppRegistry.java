package dev.bulwark.sandbox.app;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** The apps a chip can run, by the name a config uses for them. Immutable. */
public final class AppRegistry {
    private final Map<String, AppDescriptor> apps;

    private AppRegistry(Map<String, AppDescriptor> apps) {
        this.apps = apps;
    }

    /**
     * @throws IllegalArgumentException if two apps have the same name
     */
    public static AppRegistry of(AppDescriptor... apps) {
        TreeMap<String, AppDescriptor> byName = new TreeMap<>();
        for (AppDescriptor app : apps) {
            if (byName.putIfAbsent(app.name(), app) != null) {
                throw new IllegalArgumentException("two apps are named '" + app.name() + "'");
            }
        }
        return new AppRegistry(Collections.unmodifiableSortedMap(byName));
    }

    public Optional<AppDescriptor> find(String name) {
        return Optional.ofNullable(apps.get(name));
    }

    /** The names, sorted. */
    public Set<String> names() {
        return apps.keySet();
    }
}
