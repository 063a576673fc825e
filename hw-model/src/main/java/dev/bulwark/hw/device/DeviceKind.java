package dev.bulwark.hw.device;

import java.util.Locale;

/** The kinds of device a chip has, by the names a config uses. */
public enum DeviceKind {
    /** Lines of text out, to whoever watches the chip. */
    CONSOLE,
    /** A periodic tick at a fixed rate: the sandbox's real-time clock. */
    TIMER,
    /** Frames in and out of a network connection (a real socket on loopback). */
    NIC,
    /** Page-sized reads and writes of a file, completed asynchronously. */
    BLOCK;

    /** The name a config uses: {@code nic}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
