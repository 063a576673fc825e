/** Boots the chip, grants channels, detects failed kernels and recovers them. */
module dev.bulwark.monitor {
    requires transitive dev.bulwark.sandboxes;
    requires jdk.management; // HostLimits: com.sun.management.OperatingSystemMXBean; Starvation: thread CPU time
    // The NIC's wire side (dev.bulwark.monitor.device.RespWire): Netty's explicit modules (module-info in each jar).
    requires io.netty.common;
    requires io.netty.buffer;
    requires io.netty.transport;
    requires io.netty.codec;       // artifact netty-codec-base
    requires io.netty.codec.redis;

    exports dev.bulwark.monitor to dev.bulwark.drill, dev.bulwark.cli;
    exports dev.bulwark.monitor.event to dev.bulwark.drill, dev.bulwark.cli;
    exports dev.bulwark.monitor.policy to dev.bulwark.drill, dev.bulwark.cli;
    exports dev.bulwark.monitor.spec to dev.bulwark.drill, dev.bulwark.cli;
    exports dev.bulwark.monitor.replica to dev.bulwark.drill, dev.bulwark.cli;
}
