package dev.bulwark.hw.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One incarnation's mapping of its sandbox's memory: a view of a {@link Backing}'s bytes (its segment,
 * {@code reinterpret(arena, null)}: the same address under another lifetime) on an {@link Arena} of the
 * mapping's own, shared unless made by {@link #openConfined}. The backing lives as long as the chip; this
 * mapping as long as the incarnation.
 *
 * <p><b>Revocation.</b> {@link #revoke()} closes the mapping's arena. The JDK then guarantees that no thread can
 * complete another access through the mapping: a thread that touches it, including a zombie kernel still running
 * on the old incarnation's thread, gets {@code IllegalStateException: Already closed}. That is how a failed
 * kernel ends by itself instead of corrupting its successor. The bytes stay in the backing, which may then be
 * mapped again: zeroed for a restart from the pristine image, or as they are for a microreboot. Closing a shared
 * arena handshakes with every thread (0.3-7 ms measured here), so a recovery that does not need these pages
 * again revokes off its critical path. A backing has at most one live mapping, and counts itself unmapped only
 * once this close has returned (see {@link Backing}, "Ordering").
 *
 * <p><b>Access.</b> Software reads and writes go through {@link MemoryWindow}s, bounds-checked slices
 * whose writes mark {@link DirtyPages}: an access outside the partition is impossible by construction.
 * {@link #flipBit} models a hardware fault and marks nothing. The dirty pages are this mapping's: pages written
 * since it was made.
 *
 * <p><b>Ownership.</b> A mapping has no accessor for its backing: its holder cannot reach the bytes once revoked,
 * nor zero, map or free them. Whoever mapped the backing keeps it. {@link #open} and {@link #openConfined} make
 * a backing for this mapping alone, which {@link #revoke()} frees with it.
 *
 * <p>Threading: the mapping may be accessed from any thread (it is shared so that the monitor can fill
 * and inspect it); the owning kernel is the only software writer while it runs.
 */
public final class Partition {
    private final Backing backing;
    private final String holder;
    private final Arena arena;
    private final MemorySegment segment;
    private final DirtyPages dirtyPages;
    private final boolean freesBacking;
    /** Written under the backing's lock once the arena is closed; read without it. */
    private volatile boolean revoked;

    /** Made by {@link Backing#map}, under its lock. */
    Partition(Backing backing, String holder, MemorySegment bytes, Arena arena, int pageBytes, boolean freesBacking) {
        this.backing = backing;
        this.holder = holder;
        this.arena = arena;
        this.segment = bytes.reinterpret(arena, null); // restricted: dev.bulwark.hw has native access
        this.dirtyPages = new DirtyPages(bytes.byteSize(), pageBytes);
        this.freesBacking = freesBacking;
    }

    /** A zero-filled partition for {@code region} on a backing of its own, which {@link #revoke()} frees. */
    public static Partition open(Region region, int pageBytes) {
        return Backing.allocate(region, pageBytes).map(region.owner(), true);
    }

    /**
     * A zero-filled partition, on a backing of its own, that only the calling thread may touch, for scratch work
     * such as building an image: revoking it (which frees its backing) needs no handshake with other threads, so
     * it costs nothing however many cores are running.
     */
    public static Partition openConfined(Region region, int pageBytes) {
        return Backing.allocateConfined(region, pageBytes).map(region.owner(), true);
    }

    public Region region() {
        return backing.region();
    }

    /** Who this mapping was handed to (an incarnation, for example {@code tally-a#2}). */
    public String holder() {
        return holder;
    }

    public long byteSize() {
        return segment.byteSize();
    }

    /** Copies {@code image} to the start of the partition (a boot load, not a software write: marks nothing). */
    public void load(MemorySegment image) {
        if (image.byteSize() > segment.byteSize()) {
            throw new IllegalArgumentException("image of " + image.byteSize() + " bytes does not fit " + region());
        }
        MemorySegment.copy(image, 0, segment, 0, image.byteSize());
    }

    /** Copies {@code bytes} into the partition at {@code at} (a restore, not a software write: marks nothing). */
    public void load(MemorySegment bytes, long at) {
        MemorySegment.copy(bytes, 0, segment, at, bytes.byteSize());
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

    /**
     * Closes the mapping: every later access through it, from any thread, throws {@code IllegalStateException};
     * when this returns, none is under way and the backing may be mapped again. The bytes stay in the backing
     * (unless this partition was made by {@link #open} or {@link #openConfined}: then they are freed with it).
     * Idempotent.
     */
    public void revoke() {
        backing.unmap(this);
    }

    /** Whether {@link #revoke()} has closed the mapping: true means no access through it can happen any more. */
    public boolean isRevoked() {
        return revoked;
    }

    /**
     * Closes the arena (backing's lock held). A bulk operation in flight on the mapping, such as a window's
     * {@code crc32c}, holds the arena acquired and makes {@link Arena#close()} refuse; it is a bounded loop of
     * the holder's, so this waits it out (spinning, then yielding, as {@code Lease.revoke} does) and closes.
     */
    void close() {
        for (int spins = 0; arena.scope().isAlive(); spins++) {
            try {
                arena.close();
            } catch (IllegalStateException acquired) {
                if (spins < 100) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
        }
        revoked = true;
    }

    boolean freesBacking() {
        return freesBacking;
    }

    @Override
    public String toString() {
        return "partition " + region() + " mapped by " + holder + (revoked ? " (revoked)" : "");
    }
}
