/**
 * Sample apps. They see the App API and nothing else: {@code dev.bulwark.sandbox.app}, the app side of
 * channels ({@code dev.bulwark.ipc}) and their memory window ({@code dev.bulwark.hw.memory}). The admin
 * side of channels, the kernel and the cores are not exported to this module, so code here that names
 * them does not compile (AppCompileRulesTest), and its reflection on them is refused (AppIsolationTest).
 */
module dev.bulwark.apps {
    requires transitive dev.bulwark.sandboxes; // the descriptors apps export are AppDescriptors

    exports dev.bulwark.apps.kv to dev.bulwark.drill; // KeyRouter: a drill client knows which shard holds a key
    exports dev.bulwark.apps to dev.bulwark.drill, dev.bulwark.cli;
    exports dev.bulwark.apps.control to dev.bulwark.drill, dev.bulwark.cli; // the control loop's readers, for its end-to-end tests
    exports dev.bulwark.apps.wordcount to dev.bulwark.drill, dev.bulwark.cli; // TextGenerator for the CLI and its tests
}
