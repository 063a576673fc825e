package dev.bulwark.apps.kv;

import dev.bulwark.hw.memory.MemoryWindow;

/**
 * The entry area of a {@link ShardTable}: blocks carved out of one range of a {@link MemoryWindow}, with a
 * free list per size class and boundary tags, so that a freed block merges with free neighbours. Everything
 * it knows lives in the window (its cursors in a few header words the table gives it), so a new instance
 * over the same window carries on where the last one stopped.
 *
 * <h2>Size classes</h2>
 * Classes go 32, 48, 64, 96, 128, 192, 256, ... bytes (a power of two and one and a half times it). A free
 * block sits on the list of the largest class it fills, so every block on list {@code c} holds at least
 * {@code classBytes(c)} bytes; a request takes the head of the smallest class that surely holds it, else
 * splits a block of a larger class (a bitmap in the cursors says which lists are non-empty), else carves
 * fresh space from the untouched top of the area (the bump cursor). Blocks are multiples of 16 bytes.
 *
 * <h2>Merging</h2>
 * A block's header says whether it and the block before it are in use; a free block also ends with its
 * size (the footer), so freeing a block merges it with a free block on either side, and a free block that
 * reaches the top is given back to it. Invariant: no free block touches the top, and no two free blocks
 * touch each other.
 *
 * <pre>
 *   a block in use:  0 u32 bytes | 4 u32 flags (1 = in use, 2 = previous block in use) | 8 ... the owner's
 *   a free block:    0 u32 bytes | 4 u32 flags | 8 u64 next on its list | 16 u64 previous on its list
 *                    | ... | bytes-4 u32 bytes (footer)
 *
 *   cursors (at cursorsAt):  0 u64 bump | 8 u64 bytes in blocks in use | 16 u64 bitmap of non-empty lists
 *                            | 24 u64 list heads, one per class (0: empty)
 * </pre>
 *
 * <p>Threading: the owning app's thread only.
 */
final class BlockHeap {
    /** The number of size classes: the largest is 48 MiB. */
    static final int CLASSES = 42;
    /** Bytes of cursors the heap keeps at {@code cursorsAt}. */
    static final int CURSOR_BYTES = 24 + 8 * CLASSES;
    static final int MIN_BLOCK = 32;
    static final int ALIGN = 16;
    /** Where the owner's bytes start in a block. */
    static final int OWNER_AT = 8;

    static final int IN_USE = 1;
    static final int PREVIOUS_IN_USE = 2;

    static final int FLAGS = 4;
    static final int NEXT = 8;
    static final int PREVIOUS = 16;

    static final int BUMP = 0;
    static final int USED = 8;
    static final int NON_EMPTY = 16;
    static final int HEADS = 24;

    private final MemoryWindow memory;
    private final long cursorsAt;
    private final long start;
    private final long end;

    /**
     * The heap over {@code [start, end)} of {@code memory}, keeping its cursors at {@code cursorsAt} (outside
     * that range). It uses the cursors as they are: call {@link #format()} on a fresh area.
     */
    BlockHeap(MemoryWindow memory, long cursorsAt, long start, long end) {
        if (start % ALIGN != 0 || start <= 0 || end < start || end > memory.byteSize()) {
            throw new IllegalArgumentException("block area [" + start + ", " + end + ") does not fit a window of "
                    + memory.byteSize() + " bytes with 16-byte alignment");
        }
        this.memory = memory;
        this.cursorsAt = cursorsAt;
        this.start = start;
        this.end = end - (end - start) % ALIGN;
    }

    /** Empties the area: every block is free again. */
    void format() {
        memory.putLong(cursorsAt + BUMP, start);
        memory.putLong(cursorsAt + USED, 0);
        memory.putLong(cursorsAt + NON_EMPTY, 0);
        for (int c = 0; c < CLASSES; c++) {
            memory.putLong(headAt(c), 0);
        }
    }

    /** Whether the cursors are plausible for this area (a window formatted for another layout fails this). */
    boolean cursorsValid() {
        long bump = bump();
        long used = usedBytes();
        if (bump < start || bump > end || bump % ALIGN != 0 || used < 0 || used > bump - start) {
            return false;
        }
        long nonEmpty = memory.getLong(cursorsAt + NON_EMPTY);
        if (nonEmpty >>> CLASSES != 0) {
            return false; // allocate would take a list past the last
        }
        for (int c = 0; c < CLASSES; c++) {
            long head = memory.getLong(headAt(c));
            if ((head != 0) != ((nonEmpty & (1L << c)) != 0)
                    || head != 0 && (head < start || head >= bump || head % ALIGN != 0)) {
                return false;
            }
        }
        return true;
    }

    /** The bytes of size class {@code c}. */
    static long classBytes(int c) {
        long base = (c & 1) == 0 ? 32 : 48;
        return base << (c >> 1);
    }

    /** The smallest class holding {@code bytes}, or -1 if none does. */
    static int ceilClass(long bytes) {
        for (int c = 0; c < CLASSES; c++) {
            if (classBytes(c) >= bytes) {
                return c;
            }
        }
        return -1;
    }

    /** The largest class a block of {@code bytes} (at least {@link #MIN_BLOCK}) fills. */
    static int floorClass(long bytes) {
        int found = 0;
        for (int c = 0; c < CLASSES && classBytes(c) <= bytes; c++) {
            found = c;
        }
        return found;
    }

    /**
     * A block of at least {@code bytes} bytes, the owner's part from {@link #OWNER_AT}, or -1 if the area has
     * no room for it.
     */
    long allocate(long bytes) {
        long need = roundUp(Math.max(bytes, MIN_BLOCK));
        int c = ceilClass(need);
        if (c < 0) {
            return -1;
        }
        long nonEmpty = memory.getLong(cursorsAt + NON_EMPTY) & (-1L << c);
        long block;
        if (nonEmpty != 0) {
            block = memory.getLong(headAt(Long.numberOfTrailingZeros(nonEmpty)));
            unlink(block);
            long rest = blockBytes(block) - need;
            if (rest >= MIN_BLOCK) {
                setHeader(block, need, IN_USE | PREVIOUS_IN_USE); // a free block never follows a free one
                release(block + need, rest, PREVIOUS_IN_USE);
            } else {
                setHeader(block, blockBytes(block), IN_USE | PREVIOUS_IN_USE);
                markNext(block, true);
            }
        } else {
            block = bump();
            if (end - block < need) {
                return -1;
            }
            memory.putLong(cursorsAt + BUMP, block + need);
            setHeader(block, need, IN_USE | PREVIOUS_IN_USE); // the block below the top is always in use
        }
        memory.putLong(cursorsAt + USED, usedBytes() + blockBytes(block));
        return block;
    }

    /** Gives {@code block} back, merging it with free neighbours. */
    void free(long block) {
        long bytes = blockBytes(block);
        memory.putLong(cursorsAt + USED, usedBytes() - bytes);
        int flags = memory.getInt(block + FLAGS);
        if ((flags & PREVIOUS_IN_USE) == 0) {
            long previousBytes = Integer.toUnsignedLong(memory.getInt(block - 4));
            block -= previousBytes;
            bytes += previousBytes;
            unlink(block);
        }
        long next = block + bytes;
        if (next == bump()) {
            memory.putLong(cursorsAt + BUMP, block);
            return;
        }
        if ((memory.getInt(next + FLAGS) & IN_USE) == 0) {
            bytes += blockBytes(next);
            unlink(next);
        }
        release(block, bytes, PREVIOUS_IN_USE);
    }

    /**
     * Whether {@code block} lies in the area with room for {@code bytes} and its header says it is in use: the
     * hot path's cheap check of an offset read from memory (two compares and a load), not a proof that a
     * block starts there.
     */
    boolean holdsBlockInUse(long block, int bytes) {
        return block >= start && block <= end - bytes && (memory.getInt(block + FLAGS) & IN_USE) != 0;
    }

    /** The size of {@code block}, header included. */
    long blockBytes(long block) {
        return Integer.toUnsignedLong(memory.getInt(block));
    }

    /** Bytes in blocks in use (headers and slack included). */
    long usedBytes() {
        return memory.getLong(cursorsAt + USED);
    }

    /** Bytes the area has in all. */
    long capacityBytes() {
        return end - start;
    }

    /** Bytes never handed out yet, above the top (for tests: a heap whose blocks are all free has given it all back). */
    long untouchedBytes() {
        return end - bump();
    }

    private long bump() {
        return memory.getLong(cursorsAt + BUMP);
    }

    private long headAt(int c) {
        return cursorsAt + HEADS + 8L * c;
    }

    private void setHeader(long block, long bytes, int flags) {
        memory.putLong(block, (bytes & 0xffffffffL) | ((long) flags << 32));
    }

    /** Records whether {@code block} is in use in the header of the block after it (if not the top). */
    private void markNext(long block, boolean inUse) {
        long next = block + blockBytes(block);
        if (next < bump()) {
            int flags = memory.getInt(next + FLAGS);
            memory.putInt(next + FLAGS, inUse ? flags | PREVIOUS_IN_USE : flags & ~PREVIOUS_IN_USE);
        }
    }

    /** Makes {@code [block, block + bytes)} one free block on its list (its neighbours are in use). */
    private void release(long block, long bytes, int flags) {
        setHeader(block, bytes, flags & PREVIOUS_IN_USE);
        memory.putInt(block + bytes - 4, (int) bytes);
        int c = floorClass(bytes);
        long head = memory.getLong(headAt(c));
        memory.putLong(block + NEXT, head);
        memory.putLong(block + PREVIOUS, 0);
        if (head != 0) {
            memory.putLong(head + PREVIOUS, block);
        }
        memory.putLong(headAt(c), block);
        memory.putLong(cursorsAt + NON_EMPTY, memory.getLong(cursorsAt + NON_EMPTY) | (1L << c));
        markNext(block, false);
    }

    /** Takes free {@code block} off its list. */
    private void unlink(long block) {
        long next = memory.getLong(block + NEXT);
        long previous = memory.getLong(block + PREVIOUS);
        if (previous != 0) {
            memory.putLong(previous + NEXT, next);
        } else {
            int c = floorClass(blockBytes(block));
            memory.putLong(headAt(c), next);
            if (next == 0) {
                memory.putLong(cursorsAt + NON_EMPTY, memory.getLong(cursorsAt + NON_EMPTY) & ~(1L << c));
            }
        }
        if (next != 0) {
            memory.putLong(next + PREVIOUS, previous);
        }
    }

    private static long roundUp(long bytes) {
        return (bytes + ALIGN - 1) & -ALIGN;
    }
}
