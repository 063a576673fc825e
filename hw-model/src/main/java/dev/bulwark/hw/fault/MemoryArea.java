package dev.bulwark.hw.fault;

/** Which part of a partition a memory fault hits. */
public enum MemoryArea {
    /** The kernel's own records, covered by the kernel's checksum. */
    KERNEL_DATA,
    /** The app's state. */
    APP_DATA
}
