package dev.bulwark.hw.memory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The chip's physical memory: a fixed size split into page-aligned, non-overlapping {@link Region}s, one
 * per sandbox. It enforces the invariants of a layout; where partitions go is decided by whoever sets the
 * chip up (the monitor's spec placement). This is the physical layout; the bytes of a region are a {@link Backing}
 * that lives as long as the chip, and each incarnation of a sandbox reaches them through a {@link Partition} of its
 * own, a mapping that revoking the incarnation closes while the bytes stay.
 *
 * <p>Threading: reservations happen while the chip is being set up, from one thread.
 */
public final class PhysicalMemory {
    private final long totalBytes;
    private final int pageBytes;
    private final List<Region> regions = new ArrayList<>();

    public PhysicalMemory(long totalBytes, int pageBytes) {
        if (pageBytes < 64 || Integer.bitCount(pageBytes) != 1) {
            throw new IllegalArgumentException("page size must be a power of two of at least 64 bytes, not " + pageBytes);
        }
        if (totalBytes <= 0 || totalBytes % pageBytes != 0) {
            throw new IllegalArgumentException("memory size " + totalBytes + " is not a positive multiple of the page size " + pageBytes);
        }
        this.totalBytes = totalBytes;
        this.pageBytes = pageBytes;
    }

    public long totalBytes() {
        return totalBytes;
    }

    public int pageBytes() {
        return pageBytes;
    }

    /** Reserves exactly {@code [base, base + bytes)}. */
    public Region reserve(String owner, long base, long bytes) {
        if (bytes <= 0 || bytes % pageBytes != 0) {
            throw new IllegalArgumentException(owner + ": size " + bytes + " is not a positive multiple of the page size " + pageBytes);
        }
        if (base < 0 || base % pageBytes != 0) {
            throw new IllegalArgumentException(owner + ": base " + base + " is not page-aligned (page size " + pageBytes + ")");
        }
        Region region = new Region(owner, base, bytes);
        if (region.end() > totalBytes || region.end() < 0) {
            throw new IllegalArgumentException(owner + ": " + region + " does not fit in " + totalBytes + " bytes of memory");
        }
        for (Region r : regions) {
            if (r.overlaps(region)) {
                throw new IllegalArgumentException(owner + ": " + region + " overlaps " + r);
            }
        }
        regions.add(region);
        return region;
    }

    public List<Region> regions() {
        return List.copyOf(sorted());
    }

    private List<Region> sorted() {
        List<Region> copy = new ArrayList<>(regions);
        copy.sort(Comparator.comparingLong(Region::base));
        return copy;
    }
}
