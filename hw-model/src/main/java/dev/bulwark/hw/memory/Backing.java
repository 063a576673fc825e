package dev.bulwark.hw.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.function.Supplier;

/**
 * The bytes of one {@link Region} for the life of the chip: page-aligned off-heap memory, allocated (zero-filled)
 * once, in an arena of its own that no incarnation can close. An incarnation never touches a backing: it reaches
 * the bytes only through a {@link Partition}, a <em>mapping</em> that {@link #map} hands out on an arena of the
 * mapping's own. Revoking the mapping ends that incarnation's access (a zombie gets {@code IllegalStateException}
 * at its next touch) while the bytes stay here, for a microreboot to map again or a checkpoint to keep.
 *
 * <h2>The invariant: one live mapping at a time</h2>
 * No two incarnations ever hold a live mapping of the same page. A backing hands out at most one live mapping;
 * {@link #map} while one is live is refused with {@link RegionMappedException}, and so is {@link #zero} (the bytes
 * of a running kernel are not wiped under it).
 * <pre>
 *              map(holder)                     mapping.revoke(): close its arena, then unmapped
 *   UNMAPPED ---------------&gt; MAPPED(holder) ----------------------------------------------&gt; UNMAPPED
 *   zero() only here           map(), zero(): RegionMappedException
 *   free(), from either: revokes the live mapping (if any), then frees the bytes  ----------&gt; FREED
 * </pre>
 *
 * <h2>Ordering</h2>
 * Every transition runs under this object's lock. {@link Partition#revoke()} closes the mapping's arena and only
 * then, still under the lock, counts the backing unmapped; {@link Arena#close()} returns only once no thread can
 * complete another access through that arena's segments (it handshakes with every thread). So the close of one
 * mapping happens-before the next {@link #map} sees the backing unmapped: a new mapping begins after the last
 * access through the old one. {@link #zero} runs under the lock too, so no mapping ever sees half-zeroed bytes.
 *
 * <h2>Lifetime</h2>
 * A mapping is {@code segment.reinterpret(mappingArena, null)}: the same address under another arena, which does
 * not keep this backing's memory alive. So nothing may free the bytes while a mapping is live, and {@link #free}
 * revokes it first. Freeing is the chip's business (the monitor frees its sandboxes' backings when it closes),
 * except for the backing behind {@link Partition#open}, which its one mapping frees when revoked.
 *
 * <p>Threading: any thread may call any method (a confined backing, behind {@link Partition#openConfined}, only
 * its creating thread); {@link #zero} and {@link #free} hold the lock for as long as they take.
 */
public final class Backing {
    private final Region region;
    private final int pageBytes;
    private final Arena arena;
    private final MemorySegment segment;
    private final Supplier<Arena> mappingArenas;
    /** The live mapping, or null. Guarded by this. */
    private Partition mapping;
    /** Guarded by this. */
    private boolean freed;

    private Backing(Region region, int pageBytes, Arena arena, Supplier<Arena> mappingArenas) {
        this.region = region;
        this.pageBytes = pageBytes;
        this.arena = arena;
        this.segment = arena.allocate(region.bytes(), pageBytes);
        this.mappingArenas = mappingArenas;
    }

    /**
     * Allocates the zero-filled bytes of {@code region}, aligned to {@code pageBytes}, until {@link #free()}. Every
     * mapping of it is on a shared arena of its own, so any thread may touch it and any thread may revoke it.
     */
    public static Backing allocate(Region region, int pageBytes) {
        return new Backing(region, pageBytes, Arena.ofShared(), Arena::ofShared);
    }

    /** A backing, and its mappings, that only the calling thread may touch: freeing them needs no handshake. */
    static Backing allocateConfined(Region region, int pageBytes) {
        return new Backing(region, pageBytes, Arena.ofConfined(), Arena::ofConfined);
    }

    public Region region() {
        return region;
    }

    public long byteSize() {
        return segment.byteSize();
    }

    /**
     * The mapping through which {@code holder} (an incarnation, say {@code tally-a#2}) reaches these bytes, with
     * no page dirty yet. The bytes are what the last mapping left, or zero after {@link #zero()}.
     *
     * @throws RegionMappedException if a mapping is live: revoke it first
     * @throws IllegalStateException if the backing was freed
     */
    public Partition map(String holder) {
        return map(holder, false);
    }

    /** As {@link #map(String)}; a mapping that {@code freesBacking} frees this backing when it is revoked. */
    synchronized Partition map(String holder, boolean freesBacking) {
        if (mapping != null) {
            throw new RegionMappedException(region, mapping.holder(), "map");
        }
        checkNotFreed("map");
        mapping = new Partition(this, holder, segment, mappingArenas.get(), pageBytes, freesBacking);
        return mapping;
    }

    /** Called by {@link Partition#revoke()}: closes {@code p}'s arena, then counts this backing unmapped. */
    synchronized void unmap(Partition p) {
        if (p != mapping) {
            return; // revoked already
        }
        end(p);
        if (p.freesBacking()) {
            free();
        }
    }

    /** Ends the live mapping {@code p}: its arena closes, and only then is the backing unmapped. Caller holds the lock. */
    private void end(Partition p) {
        p.close();
        mapping = null;
    }

    /** Whether a mapping is live now. */
    public synchronized boolean isMapped() {
        return mapping != null;
    }

    /**
     * Fills the bytes with zeros, as a pristine region for the next incarnation (milliseconds for megabytes: do it
     * off the recovery's critical path).
     *
     * @throws RegionMappedException if a mapping is live: a running kernel's memory is never wiped under it
     * @throws IllegalStateException if the backing was freed
     */
    public synchronized void zero() {
        if (mapping != null) {
            throw new RegionMappedException(region, mapping.holder(), "zero");
        }
        checkNotFreed("zero");
        segment.fill((byte) 0);
    }

    /**
     * A read-only view of the bytes, whether mapped or not, for inspection and checkpoints: it stays readable after
     * a mapping is revoked, until {@link #free()}. While a kernel runs on them, it reads them as they change.
     */
    public MemorySegment contents() {
        return segment.asReadOnly();
    }

    /**
     * Revokes the live mapping, if any (its holder ends at its next access), then frees the bytes: every later
     * access, through any view, throws {@code IllegalStateException}. Idempotent.
     */
    public synchronized void free() {
        if (freed) {
            return;
        }
        if (mapping != null) {
            end(mapping);
        }
        freed = true;
        arena.close();
    }

    public synchronized boolean isFreed() {
        return freed;
    }

    private void checkNotFreed(String refused) {
        if (freed) {
            throw new IllegalStateException("cannot " + refused + " " + region + ": its backing was freed");
        }
    }

    @Override
    public synchronized String toString() {
        return "backing " + region + (freed ? " (freed)" : mapping != null ? " (mapped by " + mapping.holder() + ")" : "");
    }
}
