package dev.bulwark.apps.kv;

import dev.bulwark.hw.memory.MemoryWindow;
import dev.bulwark.sandbox.app.AppMemoryCorruptedException;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A shard's keys and values, kept off the heap in the app's {@link MemoryWindow}: an open-addressing index
 * (linear probing, deletion by backward shift, so no tombstones) over entries in a {@link BlockHeap}. All of
 * its state is in the window; the instance holds only the window and numbers derived from its size, so a
 * new app instance over the same memory (an app restart, or a later microreboot that keeps the partition)
 * finds every key where the last one left it.
 *
 * <h2>Layout</h2>
 * <pre>
 *   0    u64 magic                     "BVKTABL1"
 *   8    u32 index slots (power of 2)
 *   12   u32 changing: 1 while a change is under way
 *   16   u64 window bytes when formatted
 *   24   u64 keys
 *   32   u64 sweep cursor (an index slot)
 *   40   u64 keys with an expiry time
 *   64   the block heap's cursors ({@link BlockHeap#CURSOR_BYTES})
 *   512  index: one u64 per slot; 0 empty, else (hash &lt;&lt; 32) | (entry offset &gt;&gt;&gt; 4)
 *   ...  entries, in the block heap, up to the end of the window
 *
 *   an entry: 0 the block heap's header (8 bytes) | 8 u16 key length | 10 u16 check | 12 u32 value length
 *             | 16 i64 expiry (chip-clock ns; 0 = none) | 24 key bytes | value bytes
 *
 *   check = fold16(value length ^ expiry ^ the value's bytes as little-endian u64 words, xored), where
 *           fold16(w) xors the four 16-bit quarters of w
 * </pre>
 * The index gets about one eighth of the window (a power of two of slots) and is at most three quarters
 * full: a key beyond that, or a value the heap has no room for, is refused ({@link #put} says
 * {@link #FULL}) and the table is left as it was.
 *
 * <h2>Crash consistency</h2>
 * Every change sets the {@code changing} word first and clears it last. An instance that finds it set (the
 * app died half-way through a change), or a header that does not match the window, formats the table
 * instead of trusting it: keys may be lost, never read back wrong.
 *
 * <h2>Corruption</h2>
 * A flipped bit in a kept table is the other way to read a key back wrong. Its defences:
 * <ul>
 *   <li>On the hot path, a few loads and compares: an index slot whose hash matches the key looked up must
 *       point into the heap at a block in use; an entry's lengths must fit its block when its value is read;
 *       and a value read ({@link #readValue}: GET, SET ... GET, INCRBY) is folded from the array it was copied
 *       to (one xor a word) and compared with its {@code check}. A mismatch throws
 *       {@link AppMemoryCorruptedException}: the shard's kernel traps instead of answering a wrong value or
 *       restarting the app on the same memory.
 *       The check covers the value's bytes, its length and its expiry: any one flipped bit of them changes
 *       it, so a flipped value bit is never read back; two flips in the same bit of the fold cancel. EXISTS
 *       and PTTL read only the header, so a flipped expiry bit shows there only at the next read of the
 *       value or at a walk.</li>
 *   <li>Before a microreboot keeps the memory, {@link ShardCheck} walks the whole index and heap.</li>
 * </ul>
 * The key's bytes are covered by the slot's 32-bit hash: checked by the walk, and on the hot path wherever a
 * flipped bit would make a key silently missing ({@link #locate}).
 *
 * <h2>Expiry</h2>
 * An entry whose expiry time has passed is gone: lookups delete it when they meet it (lazily), and
 * {@link #sweep} walks the index a slice at a time for the ones nobody asks for.
 *
 * <p>Threading: the owning app's thread only. Keys are passed as a byte array and a length (the key at
 * index 0).
 */
final class ShardTable {
    /** {@link #put} stored the value. */
    static final int STORED = 0;
    /** {@link #put} found no room (index at its load limit, or the heap full); nothing changed. */
    static final int FULL = 1;

    static final long MAGIC = 0x314C4241544B5642L; // "BVKTABL1" little-endian
    static final int HEADER_BYTES = 512;
    static final int ENTRY_HEADER = 24;
    static final int MAX_KEY_BYTES = 0xffff;

    static final int MAGIC_AT = 0;
    static final int SLOTS_AT = 8;
    static final int CHANGING_AT = 12;
    static final int WINDOW_AT = 16;
    static final int KEYS_AT = 24;
    static final int SWEEP_AT = 32;
    static final int EXPIRING_AT = 40;
    static final int HEAP_AT = 64;

    static final int KEY_LENGTH = BlockHeap.OWNER_AT;
    static final int VALUE_LENGTH = 12;
    static final int EXPIRY = 16;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final MemoryWindow memory;
    private final int slots;
    private final int mask;
    private final int maxKeys;
    private final BlockHeap heap;
    private final boolean kept;
    private byte[] scratch = new byte[64]; // a stored key, read back to check its hash (locate)

    /** The table in {@code memory}: the one already there if it is whole, else a freshly formatted one. */
    ShardTable(MemoryWindow memory) {
        this.memory = memory;
        this.slots = indexSlots(memory.byteSize());
        this.mask = slots - 1;
        this.maxKeys = slots / 4 * 3;
        long dataStart = dataStart(slots);
        if (dataStart + BlockHeap.MIN_BLOCK > memory.byteSize()) {
            throw new IllegalArgumentException("a KV shard needs at least " + (dataStart + 4096)
                    + " bytes of app memory, it has " + memory.byteSize());
        }
        this.heap = new BlockHeap(memory, HEAP_AT, dataStart, memory.byteSize());
        this.kept = isWhole();
        if (!kept) {
            clear();
        }
    }

    /** Index slots for a window of {@code bytes}: the largest power of two at most bytes / 64, at least 16. */
    static int indexSlots(long bytes) {
        long wanted = Math.max(16, Math.min(1L << 30, bytes / 64));
        return Integer.highestOneBit((int) wanted);
    }

    /** Where the entries start after an index of {@code slots}. */
    static long dataStart(int slots) {
        return (HEADER_BYTES + 8L * slots + BlockHeap.ALIGN - 1) & -BlockHeap.ALIGN;
    }

    /** The keys of the table in a read-only view of a shard's app memory, or 0 if it holds none. */
    static long keys(MemorySegment appMemory) {
        if (appMemory.byteSize() < HEADER_BYTES
                || appMemory.get(ValueLayout.JAVA_LONG_UNALIGNED, MAGIC_AT) != MAGIC) {
            return 0;
        }
        return appMemory.get(ValueLayout.JAVA_LONG_UNALIGNED, KEYS_AT);
    }

    /** "N keys (M with expiry)" for a view of a shard's app memory. */
    static String describe(MemorySegment appMemory) {
        if (appMemory.byteSize() < HEADER_BYTES
                || appMemory.get(ValueLayout.JAVA_LONG_UNALIGNED, MAGIC_AT) != MAGIC) {
            return "no table";
        }
        return keys(appMemory) + " keys (" + appMemory.get(ValueLayout.JAVA_LONG_UNALIGNED, EXPIRING_AT) + " with expiry)";
    }

    /** Whether the constructor found a whole table in the window and kept it (false: it formatted one). */
    boolean kept() {
        return kept;
    }

    private boolean isWhole() {
        return memory.getLong(MAGIC_AT) == MAGIC
                && memory.getInt(SLOTS_AT) == slots
                && memory.getLong(WINDOW_AT) == memory.byteSize()
                && memory.getInt(CHANGING_AT) == 0
                && memory.getLong(KEYS_AT) >= 0 && memory.getLong(KEYS_AT) <= maxKeys
                && memory.getLong(EXPIRING_AT) >= 0 && memory.getLong(EXPIRING_AT) <= memory.getLong(KEYS_AT)
                && Long.compareUnsigned(memory.getLong(SWEEP_AT), slots) < 0
                && heap.cursorsValid();
    }

    /** Drops every key: an empty index and an empty heap. */
    void clear() {
        memory.putInt(CHANGING_AT, 1);
        for (int i = 0; i < slots; i++) {
            memory.putLong(HEADER_BYTES + 8L * i, 0);
        }
        heap.format();
        memory.putLong(KEYS_AT, 0);
        memory.putLong(EXPIRING_AT, 0);
        memory.putLong(SWEEP_AT, 0);
        memory.putInt(SLOTS_AT, slots);
        memory.putLong(WINDOW_AT, memory.byteSize());
        memory.putLong(MAGIC_AT, MAGIC);
        memory.putInt(CHANGING_AT, 0);
    }

    /** The live entry of {@code key}, or -1 (absent, or expired at {@code now}: then it is deleted). */
    long find(byte[] key, int keyLength, long now) {
        int slot = locate(key, keyLength, hash(key, keyLength));
        if (slot < 0) {
            return -1;
        }
        long entry = entryAt(slot);
        if (expired(entry, now)) {
            change();
            removeSlot(slot, entry);
            done();
            return -1;
        }
        return entry;
    }

    /** The entry's expiry time in chip-clock nanoseconds, or 0 if it has none. */
    long expiresAt(long entry) {
        return memory.getLong(entry + EXPIRY);
    }

    /**
     * The entry's value length.
     *
     * @throws AppMemoryCorruptedException if its key and value do not fit its block
     */
    int valueLength(long entry) {
        int n = memory.getInt(entry + VALUE_LENGTH);
        if (n < 0 || ENTRY_HEADER + (memory.getInt(entry + KEY_LENGTH) & 0xffff) + (long) n > heap.blockBytes(entry)) {
            throw corrupted("an entry's lengths run past its block", entry);
        }
        return n;
    }

    /**
     * Copies the entry's value, {@code n} bytes (what {@link #valueLength} said), into {@code dst} at {@code at}.
     *
     * @throws AppMemoryCorruptedException if the value, its length or its expiry do not match the entry's check
     */
    void readValue(long entry, int n, byte[] dst, int at) {
        int lengths = memory.getInt(entry + KEY_LENGTH);
        read(entry + ENTRY_HEADER + (lengths & 0xffff), dst, at, n);
        if (check(words(dst, at, n), n, memory.getLong(entry + EXPIRY)) != lengths >>> 16) {
            throw corrupted("an entry's value, value length or expiry do not match its check", entry);
        }
    }

    /**
     * Stores {@code value} ({@code valueLength} bytes of it from {@code valueOffset}) under {@code key}, expiring
     * at {@code expiresAt} (0: never). Returns {@link #STORED}, or {@link #FULL} with the table unchanged.
     */
    int put(byte[] key, int keyLength, byte[] value, int valueOffset, int valueLength, long expiresAt) {
        if (keyLength > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("key of " + keyLength + " bytes: a shard table takes at most "
                    + MAX_KEY_BYTES);
        }
        int hash = hash(key, keyLength);
        int slot = locate(key, keyLength, hash);
        long need = (long) ENTRY_HEADER + keyLength + valueLength;
        if (slot >= 0) {
            long entry = entryAt(slot);
            long before = memory.getLong(entry + EXPIRY);
            change();
            if (need <= heap.blockBytes(entry)) {
                writeValue(entry, keyLength, value, valueOffset, valueLength, expiresAt);
            } else {
                long moved = heap.allocate(need);
                if (moved < 0) {
                    done();
                    return FULL;
                }
                writeEntry(moved, key, keyLength, value, valueOffset, valueLength, expiresAt);
                putSlot(slot, hash, moved);
                heap.free(entry);
            }
            countExpiring(before, expiresAt);
            done();
            return STORED;
        }
        if (memory.getLong(KEYS_AT) >= maxKeys) {
            return FULL;
        }
        change();
        long entry = heap.allocate(need);
        if (entry < 0) {
            done();
            return FULL;
        }
        writeEntry(entry, key, keyLength, value, valueOffset, valueLength, expiresAt);
        putSlot(-slot - 1, hash, entry);
        memory.putLong(KEYS_AT, memory.getLong(KEYS_AT) + 1);
        countExpiring(0, expiresAt);
        done();
        return STORED;
    }

    /** Deletes {@code key}; whether a live one was there. */
    boolean delete(byte[] key, int keyLength, long now) {
        int slot = locate(key, keyLength, hash(key, keyLength));
        if (slot < 0) {
            return false;
        }
        long entry = entryAt(slot);
        boolean live = !expired(entry, now);
        change();
        removeSlot(slot, entry);
        done();
        return live;
    }

    /**
     * Looks at the next {@code slotCount} index slots from the sweep cursor (wrapping), deleting the entries
     * expired at {@code now}; returns how many it deleted. Entries that a deletion shifts past the cursor wait
     * for the next round.
     */
    int sweep(long now, int slotCount) {
        int cursor = (int) memory.getLong(SWEEP_AT);
        int removed = 0;
        for (int step = 0; step < slotCount; step++) {
            long s = slotAt(cursor);
            if (s != 0 && expired(liveEntry(cursor, s), now)) {
                change();
                removeSlot(cursor, entryOf(s));
                done();
                removed++; // the slot now holds what shifted back into it: look at it again
            } else {
                cursor = (cursor + 1) & mask;
            }
        }
        memory.putLong(SWEEP_AT, cursor);
        return removed;
    }

    /** Keys in the table (some may have expired and not been swept yet). */
    long keys() {
        return memory.getLong(KEYS_AT);
    }

    /** Keys with an expiry time. */
    long expiring() {
        return memory.getLong(EXPIRING_AT);
    }

    /** The most keys the index takes. */
    int maxKeys() {
        return maxKeys;
    }

    /** Bytes in live entries' blocks. */
    long usedBytes() {
        return heap.usedBytes();
    }

    /** Bytes the entry area has. */
    long capacityBytes() {
        return heap.capacityBytes();
    }

    /** Bytes of the entry area never handed out, or given back whole (for tests). */
    long untouchedBytes() {
        return heap.untouchedBytes();
    }

    /** The index slots (for tests). */
    int slots() {
        return slots;
    }

    // ---- index ----------------------------------------------------------------------------------------

    /**
     * The slot holding {@code key}, or -(the empty slot where it would go) - 1.
     *
     * <p>A miss is where a flipped bit would hide a key: a flipped byte of its stored key (or of its length) makes it
     * not match, and a flipped bit of its slot's hash makes the slot not even compared, and either way an
     * acknowledged key would read back nil with nothing detected (the drill's campaign found one). So a slot whose
     * hash matches but whose key does not, and on a miss every slot the probe passed, must hold an entry whose
     * stored key hashes to the slot's hash, or the table is corrupted. An honest collision passes (its key hashes
     * to the same 32 bits); the price is a hash of each passed key on a miss, with probe runs kept short by the
     * index's load limit.
     */
    private int locate(byte[] key, int keyLength, int hash) {
        int start = hash & mask;
        int i = start;
        while (true) {
            long s = slotAt(i);
            if (s == 0) {
                for (int j = start; j != i; j = (j + 1) & mask) {
                    verifySlot(j, slotAt(j));
                }
                return -i - 1;
            }
            if ((int) (s >>> 32) == hash) {
                long entry = liveEntry(i, s);
                if (keyEquals(entry, key, keyLength)) {
                    return i;
                }
                verifySlot(i, s);
            }
            i = (i + 1) & mask;
        }
    }

    /** Throws if slot {@code i} ({@code s}) does not point at a live entry whose stored key hashes to its hash. */
    private void verifySlot(int i, long s) {
        long entry = liveEntry(i, s);
        int keyLength = memory.getInt(entry + KEY_LENGTH) & 0xffff;
        if (ENTRY_HEADER + (long) keyLength > heap.blockBytes(entry)) {
            throw corrupted("index slot " + i + "'s entry has a key longer than its block", entry);
        }
        if (scratch.length < keyLength) {
            scratch = new byte[Math.max(keyLength, 2 * scratch.length)];
        }
        read(entry + ENTRY_HEADER, scratch, 0, keyLength);
        if (hash(scratch, keyLength) != (int) (s >>> 32)) {
            throw corrupted("index slot " + i + "'s stored key does not hash to the slot's hash", entry);
        }
    }

    /** Empties slot {@code hole} and shifts back the entries after it that may sit earlier (backward shift). */
    private void removeSlot(int hole, long entry) {
        countExpiring(memory.getLong(entry + EXPIRY), 0);
        heap.free(entry);
        memory.putLong(KEYS_AT, memory.getLong(KEYS_AT) - 1);
        int j = hole;
        while (true) {
            j = (j + 1) & mask;
            long s = slotAt(j);
            if (s == 0) {
                break;
            }
            int home = (int) (s >>> 32) & mask;
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                memory.putLong(HEADER_BYTES + 8L * hole, s);
                hole = j;
            }
        }
        memory.putLong(HEADER_BYTES + 8L * hole, 0);
    }

    private long slotAt(int i) {
        return memory.getLong(HEADER_BYTES + 8L * i);
    }

    private long entryAt(int slot) {
        return entryOf(slotAt(slot));
    }

    static long entryOf(long slot) {
        return (slot & 0xffffffffL) << 4;
    }

    /**
     * The entry slot {@code i} (holding {@code s}) points at, after the hot path's check: inside the heap, at a
     * block in use (two compares and a load).
     */
    private long liveEntry(int i, long s) {
        long entry = entryOf(s);
        if (!heap.holdsBlockInUse(entry, ENTRY_HEADER)) {
            throw corrupted("index slot " + i + " points outside the heap or at a free block", entry);
        }
        return entry;
    }

    private void putSlot(int slot, int hash, long entry) {
        memory.putLong(HEADER_BYTES + 8L * slot, ((long) hash << 32) | (entry >>> 4));
    }

    // ---- entries --------------------------------------------------------------------------------------

    private void writeEntry(long entry, byte[] key, int keyLength, byte[] value, int valueOffset, int valueLength,
                            long expiresAt) {
        write(entry + ENTRY_HEADER, key, 0, keyLength);
        writeValue(entry, keyLength, value, valueOffset, valueLength, expiresAt);
    }

    private void writeValue(long entry, int keyLength, byte[] value, int valueOffset, int valueLength, long expiresAt) {
        int folded = check(words(value, valueOffset, valueLength), valueLength, expiresAt);
        memory.putInt(entry + KEY_LENGTH, keyLength | folded << 16);
        memory.putInt(entry + VALUE_LENGTH, valueLength);
        memory.putLong(entry + EXPIRY, expiresAt);
        write(entry + ENTRY_HEADER + keyLength, value, valueOffset, valueLength);
    }

    /** An entry's check from the xor of its value's words ({@link #words}), its length and its expiry. */
    static int check(long valueWords, int valueLength, long expiresAt) {
        long w = valueWords ^ valueLength ^ expiresAt;
        w ^= w >>> 32;
        return (int) (w ^ w >>> 16) & 0xffff;
    }

    private boolean keyEquals(long entry, byte[] key, int keyLength) {
        if ((memory.getInt(entry + KEY_LENGTH) & 0xffff) != keyLength) {
            return false;
        }
        long at = entry + ENTRY_HEADER;
        int i = 0;
        for (; i + 8 <= keyLength; i += 8) {
            if (memory.getLong(at + i) != (long) LONGS.get(key, i)) {
                return false;
            }
        }
        for (; i < keyLength; i++) {
            if (memory.getByte(at + i) != key[i]) {
                return false;
            }
        }
        return true;
    }

    private boolean expired(long entry, long now) {
        long expiresAt = memory.getLong(entry + EXPIRY);
        return expiresAt != 0 && now - expiresAt > 0;
    }

    private void countExpiring(long before, long after) {
        long delta = (after != 0 ? 1 : 0) - (before != 0 ? 1 : 0);
        if (delta != 0) {
            memory.putLong(EXPIRING_AT, memory.getLong(EXPIRING_AT) + delta);
        }
    }

    private void change() {
        memory.putInt(CHANGING_AT, 1);
    }

    private void done() {
        memory.putInt(CHANGING_AT, 0);
    }

    private void write(long at, byte[] src, int offset, int length) {
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            memory.putLong(at + i, (long) LONGS.get(src, offset + i));
        }
        for (; i < length; i++) {
            memory.putByte(at + i, src[offset + i]);
        }
    }

    private void read(long at, byte[] dst, int offset, int length) {
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            LONGS.set(dst, offset + i, memory.getLong(at + i));
        }
        for (; i < length; i++) {
            dst[offset + i] = memory.getByte(at + i);
        }
    }

    /**
     * The little-endian u64 words of {@code length} bytes of {@code bytes} from {@code offset}, xored (the last
     * word padded with zeros): what an entry's check folds. Read from the array the value was copied from or
     * to, which is in the cache: the copy loops stay as lean as they were.
     */
    static long words(byte[] bytes, int offset, int length) {
        long words = 0;
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            words ^= (long) LONGS.get(bytes, offset + i);
        }
        for (; i < length; i++) {
            words ^= (bytes[offset + i] & 0xffL) << 8 * (i & 7);
        }
        return words;
    }

    /** The exception for what the hot path found at byte {@code at} (out of line: the hot methods stay small). */
    private static AppMemoryCorruptedException corrupted(String what, long at) {
        return new AppMemoryCorruptedException("kv-shard table: " + what + " (byte " + at + ")");
    }

    /** The index hash of a key (not the routing hash: that one picks the shard, this one the slot). */
    static int hash(byte[] key, int keyLength) {
        long h = 0xcbf29ce484222325L ^ keyLength;
        int i = 0;
        for (; i + 8 <= keyLength; i += 8) {
            h ^= (long) LONGS.get(key, i);
            h *= 0x9E3779B97F4A7C15L;
            h ^= h >>> 29;
        }
        for (; i < keyLength; i++) {
            h ^= key[i] & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) h;
    }
}
