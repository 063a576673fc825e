package dev.bulwark.sandbox.app;

import java.util.List;
import java.util.Map;

/**
 * What an app checks across all the sandboxes that run it, once the whole system is described: a rule no
 * single sandbox's parameters can break alone (a token ring needs exactly one leader). It returns
 * warnings: the system can still boot, but probably not do what its author meant.
 */
@FunctionalInterface
public interface AppCheck {
    /** No system-wide rules. */
    AppCheck NONE = uses -> List.of();

    /** Warnings about {@code uses}: every sandbox that runs the app, in config order. */
    List<Warning> check(List<Use> uses);

    /** One sandbox running the app, with its parameters. */
    record Use(String sandbox, Map<String, String> params) {
    }

    /** A warning about {@code sandbox}'s parameter {@code param} (null: the sandbox as a whole). */
    record Warning(String sandbox, String param, String message) {
    }
}
