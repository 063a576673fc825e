/** Boots the chip, grants channels, detects failed kernels and recovers them. */
module dev.bulwark.monitor {
    requires transitive dev.bulwark.sandboxes;
    requires jdk.management; // HostLimits: com.sun.management.OperatingSystemMXBean; Starvation: thread CPU time

    exports dev.bulwark.monitor to dev.bulwark.cli;
    exports dev.bulwark.monitor.event to dev.bulwark.cli;
    exports dev.bulwark.monitor.spec to dev.bulwark.cli;
}
