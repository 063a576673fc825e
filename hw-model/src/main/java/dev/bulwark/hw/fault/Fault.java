package dev.bulwark.hw.fault;

/**
 * One fault to inject: its kind plus the parameters that make it reproducible. Faults are values; a
 * {@link FaultInjector} draws them from a seed and delivers them to a {@link FaultTarget}.
 */
public sealed interface Fault {
    FaultKind kind();

    /** The fault in words, with its parameters, as every report and event line prints it: {@code bit flip in app data (byte 12, bit 3)}. */
    default String describe() {
        return switch (this) {
            case KernelPanic(Site site) -> site == Site.KERNEL ? "kernel panic" : "app panic";
            case Hang h -> "hang";
            case BitFlip(var area, long offset, int bit) -> "bit flip in " + area.name().toLowerCase(java.util.Locale.ROOT)
                    .replace('_', ' ') + " (byte " + offset + ", bit " + bit + ")";
            case WildWrite(long distance) -> "wild write " + distance + " bytes past the partition";
            case CoreFailStop c -> "core fail-stop";
            case DeviceFailure(var mode) -> "device failure (" + mode.name().toLowerCase(java.util.Locale.ROOT) + ")";
            case DriverBug(boolean hangs) -> hangs ? "driver bug (hangs)" : "driver bug (throws)";
            case MessageCorruption(int bit) -> "message corruption (bit " + bit + ")";
            case MonitorFault m -> "monitor fault";
        };
    }

    /** Where a panic is raised. */
    enum Site { KERNEL, APP }

    /** How a device fails. */
    enum DeviceMode { STOP, ERROR, CORRUPT }

    record KernelPanic(Site site) implements Fault {
        public FaultKind kind() { return FaultKind.KERNEL_PANIC; }
    }

    record Hang() implements Fault {
        public FaultKind kind() { return FaultKind.HANG; }
    }

    /** Flips bit {@code bit} (0-7) of the byte at {@code offset} within {@code area}. */
    record BitFlip(MemoryArea area, long offset, int bit) implements Fault {
        public BitFlip {
            if (offset < 0 || bit < 0 || bit > 7) {
                throw new IllegalArgumentException("bit flip at offset " + offset + " bit " + bit);
            }
        }

        public FaultKind kind() { return FaultKind.BIT_FLIP; }
    }

    /** A write {@code distance} bytes past the end of the partition. */
    record WildWrite(long distance) implements Fault {
        public FaultKind kind() { return FaultKind.WILD_WRITE; }
    }

    record CoreFailStop() implements Fault {
        public FaultKind kind() { return FaultKind.CORE_FAIL_STOP; }
    }

    record DeviceFailure(DeviceMode mode) implements Fault {
        public FaultKind kind() { return FaultKind.DEVICE_FAILURE; }
    }

    /** A bug in the driver code of the owning sandbox: it throws, or ({@code hangs}) it never returns. */
    record DriverBug(boolean hangs) implements Fault {
        public FaultKind kind() { return FaultKind.DRIVER_BUG; }
    }

    /**
     * Flips one bit of a message in transit on a channel: bit {@code bit} of the frame's sealed bytes (its header
     * after the checksum, then its payload), counted from the lowest bit of the first, modulo the number of sealed
     * bits of the message it hits (so one value names a bit of any message; the channel's frame layout says which).
     */
    record MessageCorruption(int bit) implements Fault {
        /** The drawn bits are {@code 0 .. BITS - 1}: more than a default 2 KiB message has, so every bit can be hit. */
        public static final int BITS = 1 << 16;

        public MessageCorruption {
            if (bit < 0) {
                throw new IllegalArgumentException("message corruption at bit " + bit);
            }
        }

        public FaultKind kind() { return FaultKind.MESSAGE_CORRUPTION; }
    }

    record MonitorFault() implements Fault {
        public FaultKind kind() { return FaultKind.MONITOR_FAULT; }
    }
}
