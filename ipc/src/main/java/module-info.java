/**
 * Channels between sandboxes. {@code dev.bulwark.ipc} is what an app sees (Sender, Claim, Message);
 * {@code dev.bulwark.ipc.channel} is the admin side (channels, ports, leases), exported only to the
 * kernel, the monitor and the command line, so an app can neither compile against it nor reflect on it.
 */
module dev.bulwark.ipc {
    requires transitive dev.bulwark.hw; // Channel's constructor takes a NanoClock, wakes() a Doorbell; its corrupter is a FaultTarget
    requires org.jctools.core.jdk11;

    exports dev.bulwark.ipc;
    exports dev.bulwark.ipc.channel to dev.bulwark.sandboxes, dev.bulwark.monitor, dev.bulwark.drill, dev.bulwark.cli;
}
