package dev.bulwark.sandbox.app;

/**
 * One parameter an app takes from its sandbox's config, as the app declares it. The validator checks
 * every declared rule before anything boots, each problem at the parameter's line and column.
 *
 * @param name        the key in {@code params}
 * @param kind        what the value must be
 * @param required    whether the config must give it
 * @param description what it means, in a few words (shown in errors)
 */
public record AppParam(String name, Kind kind, boolean required, String description) {
    /** What a parameter's value must be. */
    public enum Kind {
        /** Any text; the app checks the rest when it reads it. */
        TEXT,
        /** {@code true} or {@code false}. */
        FLAG,
        /** The name of a sandbox this one sends to: it must exist, and a channel from this sandbox to it. */
        PEER,
        /** The name of a device this sandbox owns. */
        DEVICE
    }

    public static AppParam required(String name, Kind kind, String description) {
        return new AppParam(name, kind, true, description);
    }

    public static AppParam optional(String name, Kind kind, String description) {
        return new AppParam(name, kind, false, description);
    }
}
