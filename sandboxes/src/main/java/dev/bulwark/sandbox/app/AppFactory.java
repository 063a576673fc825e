package dev.bulwark.sandbox.app;

import java.util.Map;

/**
 * The code of an app: makes a fresh instance from the parameters a config gave it. It is part of the
 * sandbox's pristine image, so it is called again for every restart.
 */
@FunctionalInterface
public interface AppFactory {
    /**
     * @throws IllegalArgumentException naming the parameter, if {@code params} are missing or wrong
     */
    App create(Map<String, String> params);
}
