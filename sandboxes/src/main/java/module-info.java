/**
 * The kernel that runs in each sandbox, and the App API apps are written against.
 * {@code dev.bulwark.sandbox.app} is for everyone; {@code dev.bulwark.sandbox.kernel} only for the monitor.
 */
module dev.bulwark.sandboxes {
    // The App API's types come from these two: Message and Sender (ipc), MemoryWindow (hw).
    requires transitive dev.bulwark.ipc;
    requires transitive dev.bulwark.hw;

    exports dev.bulwark.sandbox.app;
    exports dev.bulwark.sandbox.kernel to dev.bulwark.monitor;
    exports dev.bulwark.sandbox.replica to dev.bulwark.monitor;
}
