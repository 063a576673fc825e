package dev.bulwark.hw.fault;

/** The fault kinds of the design brief, one per way a sandbox or its hardware can fail. */
public enum FaultKind {
    /** An exception thrown in kernel or app code. */
    KERNEL_PANIC,
    /** The kernel stops making progress. */
    HANG,
    /** One bit of a partition flips (kernel data or app data). */
    BIT_FLIP,
    /** A write outside the partition. */
    WILD_WRITE,
    /** The core stops for good. */
    CORE_FAIL_STOP,
    /** A device stops, errors or corrupts data. */
    DEVICE_FAILURE,
    /** A bug in a device driver. */
    DRIVER_BUG,
    /** A message is corrupted in transit. */
    MESSAGE_CORRUPTION,
    /** A fault in the monitor itself. */
    MONITOR_FAULT
}
