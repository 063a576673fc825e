package dev.bulwark.apps;

import dev.bulwark.apps.kv.KvFront;
import dev.bulwark.apps.kv.KvShard;
import dev.bulwark.apps.control.Controller;
import dev.bulwark.apps.control.Plant;
import dev.bulwark.apps.wordcount.WcDriver;
import dev.bulwark.apps.wordcount.WcMapper;
import dev.bulwark.apps.wordcount.WcReducer;
import dev.bulwark.sandbox.app.AppRegistry;

/** The sample apps, by the names configs use for them. */
public final class StandardApps {
    private StandardApps() {
    }

    public static AppRegistry registry() {
        return AppRegistry.of(TokenRing.DESCRIPTOR, CounterService.DESCRIPTOR, KvFront.DESCRIPTOR, KvShard.DESCRIPTOR,
                Plant.DESCRIPTOR, Controller.DESCRIPTOR, WcDriver.DESCRIPTOR, WcMapper.DESCRIPTOR, WcReducer.DESCRIPTOR);
    }
}
