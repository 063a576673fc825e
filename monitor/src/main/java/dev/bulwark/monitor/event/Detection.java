package dev.bulwark.monitor.event;

/** How the monitor learned that a kernel failed. */
public enum Detection {
    /** An exception escaped the kernel: its core trapped. */
    TRAP,
    /** The kernel's heartbeat stopped: it hung. */
    HEARTBEAT,
    /**
     * A checksum failed: the kernel's scrub of its own data, the app's check of its own structures, a device's frame or
     * page, a channel's message (then the message is dropped and the kernel goes on).
     */
    CHECKSUM,
    /** The kernel touched memory outside its partition. */
    MEMORY_VIOLATION,
    /** The kernel's core failed for good. */
    CORE_FAILURE,
    /** A driver's watchdog saw its device stop (a request or output waited too long). */
    DRIVER_TIMEOUT,
    /** A device the kernel owns reported an error. */
    DEVICE_ERROR,
    /** A redundant copy's output differed from the other copies' (outvoted, or no majority): redundant execution. */
    OUTPUT_MISMATCH;

    /** In words, as event lines and reports print it: {@code heartbeat timeout}. */
    public String describe() {
        return switch (this) {
            case TRAP -> "trap";
            case HEARTBEAT -> "heartbeat timeout";
            case CHECKSUM -> "checksum";
            case MEMORY_VIOLATION -> "memory violation";
            case CORE_FAILURE -> "core failure";
            case DRIVER_TIMEOUT -> "driver timeout";
            case DEVICE_ERROR -> "device error";
            case OUTPUT_MISMATCH -> "output mismatch";
        };
    }
}
