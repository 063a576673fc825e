package dev.bulwark.hw.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The backing memory of one sandbox incarnation: an off-heap {@link MemorySegment} for its
 * {@link Region}, owned by a shared {@link Arena} of its own.
 *
 * <p><b>Revocation.</b> {@link #revoke()} closes the arena. The JDK then guarantees that no thread can
 * complete another access to the segment: a thread that touches it, including a zombie kernel still
 * running on the old incarnation's thread, gets {@code IllegalStateException: Already closed}. That is
 * how a failed kernel ends by itself instead of corrupting its successor, which gets a fresh partition.
 * Closing a shared arena handshakes with every thread (milliseconds), so owners revoke off the
 * recovery's critical path.
 *
 * <p><b>Access.</b> Software reads and writes go through {@link MemoryWindow}s, bounds-checked slices
 * whose writes mark {@link DirtyPages}: an access outside the partition is impossible by construction.
 * {@link #flipBit} models a hardware fault and marks nothing.
 *
 * <p>Threading: the segment may be accessed from any thread (it is shared so that the monitor can fill
 * and inspect it); the owning kernel is the only software writer while it runs.
 */
public final class Partition {
    private final Region region;
    private final Arena arena;
    private final MemorySegment segment;
    private final DirtyPages dirtyPages;
    private volatile boolean revoked;

    private Partition(Region region, int pageBytes, Arena arena) {
        this.region = region;
        this.arena = arena;
        this.segment = arena.allocate(region.bytes(), pageBytes);
        this.dirtyPages = new DirtyPages(region.bytes(), pageBytes);
    }

    /** A fresh, zero-filled partition for {@code region}. */
    public static Partition open(Region region, int pageBytes) {
        return new Partition(region, pageBytes, Arena.ofShared());
    }

    /**
     * A fresh, zero-filled partition that only the calling thread may touch, for scratch work such as
     * building an image: revoking it needs no handshake with other threads, so it costs nothing however
     * many cores are running.
     */
    public static Partition openConfined(Region region, int pageBytes) {
        return new Partition(region, pageBytes, Arena.ofConfined());
    }

    public Region region() {
        return region;
    }

    public long byteSize() {
        return segment.byteSize();
    }

    /** Copies {@code image} to the start of the partition (a boot load, not a software write: marks nothing). */
    public void load(MemorySegment image) {
        if (image.byteSize() > segment.byteSize()) {
            throw new IllegalArgumentException("image of " + image.byteSize() + " bytes does not fit " + region);
        }
        MemorySegment.copy(image, 0, segment, 0, image.byteSize());
    }

    /** A bounds-checked view of {@code [offset, offset + length)} whose writes mark dirty pages. */
    public MemoryWindow window(long offset, long length) {
        return new MemoryWindow(segment.asSlice(offset, length), offset, dirtyPages);
    }

    /** Flips one bit, as a hardware fault would: no dirty mark, no checksum update. */
    public void flipBit(long offset, int bit) {
        byte b = segment.get(java.lang.foreign.ValueLayout.JAVA_BYTE, offset);
        segment.set(java.lang.foreign.ValueLayout.JAVA_BYTE, offset, (byte) (b ^ (1 << bit)));
    }

    /** A read-only view of the whole partition, for inspection and snapshots. */
    public MemorySegment contents() {
        return segment.asReadOnly();
    }

    public DirtyPages dirtyPages() {
        return dirtyPages;
    }

    /** Closes the arena: every later access, from any thread, throws {@code IllegalStateException}. Idempotent. */
    public synchronized void revoke() {
        if (!revoked) {
            revoked = true;
            arena.close();
        }
    }

    public boolean isRevoked() {
        return revoked;
    }

    @Override
    public String toString() {
        return "partition " + region + (revoked ? " (revoked)" : "");
    }
}
