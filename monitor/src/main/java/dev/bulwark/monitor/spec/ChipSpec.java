package dev.bulwark.monitor.spec;

/** The modeled chip: how many cores, how much physical memory, and its page size. */
public record ChipSpec(int cores, long memoryBytes, int pageBytes) {
    public static final int DEFAULT_PAGE_BYTES = 4096;
}
