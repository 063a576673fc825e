package dev.bulwark.hw.device;

import dev.bulwark.hw.fault.Fault;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The kinds of device a chip has, by the names a config uses. */
public enum DeviceKind {
    /** Lines of text out, to whoever watches the chip. It cannot fail. */
    CONSOLE(EnumSet.noneOf(Fault.DeviceMode.class)),
    /** A periodic tick at a fixed rate: the sandbox's real-time clock. It stops or errors; it has no data to corrupt. */
    TIMER(EnumSet.of(Fault.DeviceMode.STOP, Fault.DeviceMode.ERROR)),
    /** Frames in and out of a network connection (a real socket on loopback). */
    NIC(EnumSet.allOf(Fault.DeviceMode.class)),
    /** Page-sized reads and writes of a file, completed asynchronously. */
    BLOCK(EnumSet.allOf(Fault.DeviceMode.class));

    private final Set<Fault.DeviceMode> failureModes;

    DeviceKind(EnumSet<Fault.DeviceMode> failureModes) {
        this.failureModes = Collections.unmodifiableSet(failureModes); // in the modes' order, for messages
    }

    /** The name a config uses: {@code nic}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The modes in which a device of this kind can fail (DEVICE_FAILURE), known before any device is made, so
     * a requested failure can be checked against a config. Each device class implements what its modes do.
     */
    public Set<Fault.DeviceMode> failureModes() {
        return failureModes;
    }
}
