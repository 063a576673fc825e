package dev.bulwark.apps;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Reads an app's config parameters, with errors that name the app and the parameter. */
final class AppParams {
    private final String app;
    private final Map<String, String> params;

    AppParams(String app, Map<String, String> params, Set<String> known) {
        this.app = app;
        this.params = params;
        for (String key : params.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("unknown parameter '" + key + "' (" + app + " takes: "
                        + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }

    String required(String key, String what) {
        String value = params.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(app + " needs parameter '" + key + "' (" + what + ")");
        }
        return value;
    }

    String optional(String key) {
        return params.get(key);
    }

    boolean flag(String key) {
        String value = params.getOrDefault(key, "false");
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(app + " parameter '" + key + "' must be true or false, not '" + value + "'");
        };
    }
}
