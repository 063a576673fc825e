package dev.bulwark.apps;

import dev.bulwark.apps.kv.KvFront;
import dev.bulwark.apps.kv.KvShard;
import dev.bulwark.sandbox.app.AppRegistry;

/** The sample apps, by the names configs use for them. */
public final class StandardApps {
    private StandardApps() {
    }

    public static AppRegistry registry() {
        return AppRegistry.of(TokenRing.DESCRIPTOR, CounterService.DESCRIPTOR, KvFront.DESCRIPTOR, KvShard.DESCRIPTOR);
    }
}
