package dev.bulwark.monitor.spec;

import dev.bulwark.hw.device.DeviceKind;

import java.nio.file.Path;
import java.time.Duration;

/**
 * One device of the chip, as a config's {@code devices:} describes it. A sandbox owns a device by naming it
 * in its own {@code devices:} list; the validator checks that exactly one sandbox does.
 */
public sealed interface DeviceSpec {
    /** Unique among the chip's devices. */
    String name();

    DeviceKind kind();

    /** Lines of text out, to the run's output. */
    record Console(String name) implements DeviceSpec {
        public DeviceKind kind() {
            return DeviceKind.CONSOLE;
        }
    }

    /** A periodic tick every {@code period}. */
    record Timer(String name, Duration period) implements DeviceSpec {
        public DeviceKind kind() {
            return DeviceKind.TIMER;
        }
    }

    /**
     * A NIC whose wire side listens on {@code host}:{@code port} (0: any free port) and speaks
     * {@code protocol} (today {@code resp}: one RESP command per frame).
     */
    record Nic(String name, String host, int port, String protocol) implements DeviceSpec {
        public static final String DEFAULT_HOST = "127.0.0.1";
        public static final String RESP = "resp";

        public DeviceKind kind() {
            return DeviceKind.NIC;
        }
    }

    /**
     * A block device over {@code file}: as long as the file when {@code size} is 0 (then the file must
     * exist), else {@code size} bytes (the file is created or extended to that).
     */
    record Block(String name, Path file, long size) implements DeviceSpec {
        public DeviceKind kind() {
            return DeviceKind.BLOCK;
        }
    }
}
