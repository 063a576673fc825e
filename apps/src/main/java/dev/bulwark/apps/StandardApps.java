package dev.bulwark.apps;

import dev.bulwark.sandbox.app.AppRegistry;

import java.util.Map;

/** The sample apps, by the names configs use for them. */
public final class StandardApps {
    private StandardApps() {
    }

    public static AppRegistry registry() {
        return AppRegistry.of(Map.of(
                TokenRing.NAME, TokenRing::create,
                CounterService.NAME, CounterService::create));
    }
}
