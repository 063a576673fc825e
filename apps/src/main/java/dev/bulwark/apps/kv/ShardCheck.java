package dev.bulwark.apps.kv;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.BitSet;
import java.util.Optional;

/**
 * The shard's memory check: walks a read-only view of a {@link ShardTable} (its header, the block heap's
 * cursors, every block, every free list and every index slot) and says what a flipped bit broke, before a
 * microreboot keeps the table. It runs only then, on the monitor's thread: a full 16 MiB shard (170,000 keys)
 * took 8 to 18 ms once warm on a loaded 2-CPU host, about half a second the first time in a JVM (the JIT's
 * warm-up). It allocates two bitmaps and an int (a key's hash) per 16 bytes of heap: 3.5 MiB for 16 MiB.
 *
 * <p>What it finds, each with the place it found it:
 * <ul>
 *   <li>the header: magic, slots or window bytes that do not match the window, the {@code changing} word set
 *       (the table was caught in the middle of a change: the shard would format it, so there is nothing to
 *       keep), counts or the sweep cursor out of range;</li>
 *   <li>the heap: cursors out of the area, a list bitmap that disagrees with the list heads, blocks whose
 *       sizes do not chain from the area's start to its top, flags that do not say what the block before is,
 *       a free block whose footer is not its size, two free blocks touching or one touching the top, bytes in
 *       use that do not add up, a free list whose nodes are not free blocks of its class or not linked both
 *       ways, a free block on no list;</li>
 *   <li>the index and entries: a slot that points outside the heap or at anything but a live entry's block
 *       (or at one another slot points at), lengths that run past the block, a key whose hash is not its
 *       slot's, a value, value length or expiry that does not match the entry's check, a live block no slot
 *       points at, key and expiring counts that do not match the index.</li>
 * </ul>
 * What it cannot find: two flips that cancel in the same bit of an entry's 16-bit check, a flipped key bit that
 * leaves the key's 32-bit hash as it was (one in four billion), a sweep cursor flipped to another slot (the
 * sweep resumes there: harmless), and flips in bytes nobody reads (a free block's interior, the slack after a
 * value, the untouched top of the heap, the header's unused words): those do no harm either.
 *
 * <p>Memory that holds no table (magic 0) is intact only if it is all zeros (pristine).
 */
final class ShardCheck {
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final int UNIT = BlockHeap.ALIGN;

    private final MemorySegment memory;
    private final int slots;
    private final long start;
    private final long end;
    private final long cursors = ShardTable.HEAP_AT;
    /** The heap's blocks by their first 16-byte unit: in use, and free. */
    private BitSet inUse;
    private BitSet free;
    /** The key hash of the entry in each block in use, by its first unit. */
    private int[] hashes;
    private long expiring;
    private long bump;
    /** Where an entry's key and value are copied, to be hashed and folded as the table does. */
    private byte[] scratch = new byte[256];

    private ShardCheck(MemorySegment memory) {
        this.memory = memory;
        this.slots = ShardTable.indexSlots(memory.byteSize());
        this.start = ShardTable.dataStart(slots);
        this.end = memory.byteSize() - (memory.byteSize() - start) % UNIT;
    }

    /** What is wrong with the table in {@code appMemory} (a view of a kv-shard's app memory), or empty. */
    static Optional<String> problem(MemorySegment appMemory) {
        String problem = appMemory.byteSize() < ShardTable.HEADER_BYTES ? null : new ShardCheck(appMemory).find();
        return Optional.ofNullable(problem).map(p -> "kv-shard table: " + p);
    }

    private String find() {
        long magic = memory.get(LONG, ShardTable.MAGIC_AT);
        if (magic == 0) {
            return pristine() ? null : "no magic, yet the memory is not all zeros";
        }
        if (magic != ShardTable.MAGIC) {
            return "magic %016x, expected %016x".formatted(magic, ShardTable.MAGIC);
        }
        String problem = header();
        problem = problem != null ? problem : cursors();
        problem = problem != null ? problem : blocks();
        problem = problem != null ? problem : freeLists();
        return problem != null ? problem : index();
    }

    private boolean pristine() {
        for (long at = 0; at + Long.BYTES <= memory.byteSize(); at += Long.BYTES) {
            if (memory.get(LONG, at) != 0) {
                return false;
            }
        }
        return true;
    }

    // ---- header ------------------------------------------------------------------------------------------

    private String header() {
        if (start + BlockHeap.MIN_BLOCK > memory.byteSize()) {
            return "a window of " + memory.byteSize() + " bytes is too small for a table";
        }
        int slotsSaid = memory.get(INT, ShardTable.SLOTS_AT);
        long windowSaid = memory.get(LONG, ShardTable.WINDOW_AT);
        long keys = memory.get(LONG, ShardTable.KEYS_AT);
        long expiring = memory.get(LONG, ShardTable.EXPIRING_AT);
        long sweep = memory.get(LONG, ShardTable.SWEEP_AT);
        if (slotsSaid != slots || windowSaid != memory.byteSize()) {
            return "the header says %d index slots in a window of %d bytes; the window is %d bytes, for %d slots"
                    .formatted(slotsSaid, windowSaid, memory.byteSize(), slots);
        }
        if (memory.get(INT, ShardTable.CHANGING_AT) != 0) {
            return "caught in the middle of a change (the changing word is %d)"
                    .formatted(memory.get(INT, ShardTable.CHANGING_AT));
        }
        if (keys < 0 || keys > slots / 4 * 3 || expiring < 0 || expiring > keys) {
            return "the header counts %d keys, %d with expiry, for at most %d".formatted(keys, expiring, slots / 4 * 3);
        }
        if (Long.compareUnsigned(sweep, slots) >= 0) {
            return "the sweep cursor is slot %d of %d".formatted(sweep, slots);
        }
        return null;
    }

    // ---- heap --------------------------------------------------------------------------------------------

    private String cursors() {
        bump = memory.get(LONG, cursors + BlockHeap.BUMP);
        long used = memory.get(LONG, cursors + BlockHeap.USED);
        if (bump < start || bump > end || bump % UNIT != 0 || used < 0 || used > bump - start) {
            return "the heap's top %d or its %d bytes in use do not fit its area [%d, %d)"
                    .formatted(bump, used, start, end);
        }
        long nonEmpty = memory.get(LONG, cursors + BlockHeap.NON_EMPTY);
        if (nonEmpty >>> BlockHeap.CLASSES != 0) {
            return "the bitmap of non-empty free lists %016x names lists past the last, %d".formatted(nonEmpty,
                    BlockHeap.CLASSES - 1);
        }
        for (int c = 0; c < BlockHeap.CLASSES; c++) {
            long head = head(c);
            if ((head != 0) != ((nonEmpty & 1L << c) != 0)) {
                return "free list %d has head %d, and the bitmap of non-empty lists %016x says otherwise"
                        .formatted(c, head, nonEmpty);
            }
        }
        return null;
    }

    /**
     * Walks the blocks from the area's start to its top by their sizes, checking their boundary tags and the
     * entry in each block in use (in address order: the index walk then needs only the entries' hashes).
     */
    private String blocks() {
        int units = (int) ((end - start) / UNIT);
        inUse = new BitSet(units);
        free = new BitSet(units);
        hashes = new int[units];
        long usedBytes = 0;
        boolean previousInUse = true; // the first block has no block before it, and says so
        long at = start;
        while (at < bump) {
            long bytes = Integer.toUnsignedLong(memory.get(INT, at));
            int flags = memory.get(INT, at + BlockHeap.FLAGS);
            if (bytes < BlockHeap.MIN_BLOCK || bytes % UNIT != 0 || bytes > bump - at) {
                return "the block at %d has %d bytes: blocks do not chain to the heap's top %d".formatted(at, bytes, bump);
            }
            if ((flags & ~(BlockHeap.IN_USE | BlockHeap.PREVIOUS_IN_USE)) != 0
                    || ((flags & BlockHeap.PREVIOUS_IN_USE) != 0) != previousInUse) {
                return "the block at %d has flags %x; the block before it is %s".formatted(at, flags,
                        previousInUse ? "in use" : "free");
            }
            boolean blockInUse = (flags & BlockHeap.IN_USE) != 0;
            if (blockInUse) {
                String problem = entry(at, bytes);
                if (problem != null) {
                    return problem;
                }
                inUse.set(unit(at));
                usedBytes += bytes;
            } else {
                long footer = Integer.toUnsignedLong(memory.get(INT, at + bytes - 4));
                if (footer != bytes || !previousInUse) {
                    return "the free block at %d of %d bytes has footer %d%s".formatted(at, bytes, footer,
                            previousInUse ? "" : " and follows another free block");
                }
                free.set(unit(at));
            }
            previousInUse = blockInUse;
            at += bytes;
        }
        if (!previousInUse) {
            return "a free block touches the heap's top " + bump;
        }
        long usedSaid = memory.get(LONG, cursors + BlockHeap.USED);
        return usedBytes == usedSaid ? null
                : "the heap's blocks in use hold %d bytes, its cursor says %d".formatted(usedBytes, usedSaid);
    }

    /** Follows every free list: its nodes are free blocks of its class, linked both ways, and together all of them. */
    private String freeLists() {
        BitSet listed = new BitSet(free.length());
        for (int c = 0; c < BlockHeap.CLASSES; c++) {
            long previous = 0;
            for (long node = head(c); node != 0; node = memory.get(LONG, node + BlockHeap.NEXT)) {
                if (!isBlock(free, node) || listed.get(unit(node))) {
                    return "free list %d reaches byte %d, which is not a free block (or is on a list already)"
                            .formatted(c, node);
                }
                long bytes = Integer.toUnsignedLong(memory.get(INT, node));
                long back = memory.get(LONG, node + BlockHeap.PREVIOUS);
                if (BlockHeap.floorClass(bytes) != c || back != previous) {
                    return "the free block at %d (%d bytes) is on list %d and points back at %d, after %d"
                            .formatted(node, bytes, c, back, previous);
                }
                listed.set(unit(node));
                previous = node;
            }
        }
        return listed.cardinality() == free.cardinality() ? null
                : "%d free blocks are on no free list".formatted(free.cardinality() - listed.cardinality());
    }

    // ---- index and entries -------------------------------------------------------------------------------

    /** Every slot points at a distinct live entry whose key hashes to the slot's hash; they count up to the header's. */
    private String index() {
        long keys = 0;
        for (int i = 0; i < slots; i++) {
            long s = memory.get(LONG, ShardTable.HEADER_BYTES + 8L * i);
            if (s == 0) {
                continue;
            }
            long entry = ShardTable.entryOf(s);
            if (!isBlock(inUse, entry)) {
                return "index slot %d points at byte %d: not the block of a live entry, or one another slot points at"
                        .formatted(i, entry);
            }
            inUse.clear(unit(entry));
            if (hashes[unit(entry)] != (int) (s >>> 32)) {
                return "index slot %d has hash %08x, the key of its entry at byte %d hashes to %08x".formatted(i,
                        (int) (s >>> 32), entry, hashes[unit(entry)]);
            }
            keys++;
        }
        if (!inUse.isEmpty()) {
            return "%d blocks in use are no key's, the first at byte %d".formatted(inUse.cardinality(),
                    start + (long) inUse.nextSetBit(0) * UNIT);
        }
        long keysSaid = memory.get(LONG, ShardTable.KEYS_AT);
        long expiringSaid = memory.get(LONG, ShardTable.EXPIRING_AT);
        if (keys != keysSaid || expiring != expiringSaid) {
            return "the index holds %d keys, %d with expiry; the header says %d, %d".formatted(keys, expiring, keysSaid,
                    expiringSaid);
        }
        return null;
    }

    /** The entry in the block of {@code blockBytes} at {@code entry}: its lengths and its check; notes its key's hash. */
    private String entry(long entry, long blockBytes) {
        int lengths = memory.get(INT, entry + ShardTable.KEY_LENGTH);
        int keyLength = lengths & 0xffff;
        int valueLength = memory.get(INT, entry + ShardTable.VALUE_LENGTH);
        if (valueLength < 0 || ShardTable.ENTRY_HEADER + keyLength + (long) valueLength > blockBytes) {
            return "the entry at %d says key %d bytes, value %d bytes: past its block of %d".formatted(entry, keyLength,
                    valueLength, blockBytes);
        }
        if (scratch.length < keyLength + valueLength) {
            scratch = new byte[keyLength + valueLength];
        }
        MemorySegment.copy(memory, ValueLayout.JAVA_BYTE, entry + ShardTable.ENTRY_HEADER, scratch, 0,
                keyLength + valueLength);
        hashes[unit(entry)] = ShardTable.hash(scratch, keyLength);
        long expiry = memory.get(LONG, entry + ShardTable.EXPIRY);
        if (ShardTable.check(ShardTable.words(scratch, keyLength, valueLength), valueLength, expiry) != lengths >>> 16) {
            return "the value, value length or expiry of the entry at %d do not match its check".formatted(entry);
        }
        expiring += expiry != 0 ? 1 : 0;
        return null;
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private long head(int c) {
        return memory.get(LONG, cursors + BlockHeap.HEADS + 8L * c);
    }

    /** Whether a block of the kind {@code blocks} records starts at byte {@code at}. */
    private boolean isBlock(BitSet blocks, long at) {
        return at >= start && at < bump && (at - start) % UNIT == 0 && blocks.get(unit(at));
    }

    private int unit(long at) {
        return (int) ((at - start) / UNIT);
    }
}
