package dev.bulwark.apps.kv;

import dev.bulwark.hw.memory.MemoryWindow;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * The client connections the front has open, recorded in its app memory so that a new app instance (after
 * the old one threw) can find the connections the old one was serving and close them: their commands in
 * flight were lost with the old instance's heap, so a client would otherwise wait for replies that never
 * come. Closing is the bounded answer a client can act on. (A kernel restart resets the NIC, which closes
 * every connection itself, and gives the front zeroed memory: then there is nothing to find.)
 *
 * <pre>
 *   0 u64 magic "BVKCONN1" | 8 u32 slots | 12 u32 0 | 16 one u64 per slot: a connection id, 0 = free
 * </pre>
 *
 * <p>Threading: the front's thread only. The free slots are kept on the heap and rebuilt by {@link #open}.
 */
final class ConnectionRegistry {
    static final long MAGIC = 0x314E4E4F434B5642L; // "BVKCONN1" little-endian
    private static final int SLOTS_AT = 8;
    private static final int FIRST_SLOT = 16;
    /** The most connections the front records (and so serves) at once. */
    static final int MAX_SLOTS = 10_000;

    private final MemoryWindow memory;
    private final int slots;
    private final int[] free;
    private int freeCount;

    private ConnectionRegistry(MemoryWindow memory, int slots) {
        this.memory = memory;
        this.slots = slots;
        this.free = new int[slots];
    }

    /**
     * The registry in {@code memory}: the connections a previous instance recorded go to {@code stale} (to be
     * closed) and their slots are freed.
     */
    static ConnectionRegistry open(MemoryWindow memory, List<Long> stale) {
        int slots = (int) Math.min(MAX_SLOTS, (memory.byteSize() - FIRST_SLOT) / 8);
        if (slots < 1) {
            throw new IllegalArgumentException("the KV front needs app memory for its connection registry, it has "
                    + memory.byteSize() + " bytes");
        }
        ConnectionRegistry r = new ConnectionRegistry(memory, slots);
        boolean whole = memory.getLong(0) == MAGIC && memory.getInt(SLOTS_AT) == slots;
        for (int i = slots - 1; i >= 0; i--) {
            long id = whole ? memory.getLong(FIRST_SLOT + 8L * i) : 0;
            if (id != 0) {
                stale.add(id);
            }
            if (!whole || id != 0) {
                memory.putLong(FIRST_SLOT + 8L * i, 0);
            }
            r.free[r.freeCount++] = i;
        }
        memory.putInt(SLOTS_AT, slots);
        memory.putInt(SLOTS_AT + 4, 0);
        memory.putLong(0, MAGIC);
        return r;
    }

    /** Records {@code connection}; returns its slot, or -1 if every slot is taken. */
    int add(long connection) {
        if (freeCount == 0) {
            return -1;
        }
        int slot = free[--freeCount];
        memory.putLong(FIRST_SLOT + 8L * slot, connection);
        return slot;
    }

    /** Forgets the connection in {@code slot}. */
    void remove(int slot) {
        memory.putLong(FIRST_SLOT + 8L * slot, 0);
        free[freeCount++] = slot;
    }

    int capacity() {
        return slots;
    }

    /** "N connections open", read from a view of the front's app memory. */
    static String describe(MemorySegment appMemory) {
        if (appMemory.byteSize() < FIRST_SLOT || appMemory.get(ValueLayout.JAVA_LONG_UNALIGNED, 0) != MAGIC) {
            return "no connections recorded";
        }
        int slots = appMemory.get(ValueLayout.JAVA_INT_UNALIGNED, SLOTS_AT);
        long open = 0;
        for (int i = 0; i < slots && FIRST_SLOT + 8L * i + 8 <= appMemory.byteSize(); i++) {
            if (appMemory.get(ValueLayout.JAVA_LONG_UNALIGNED, FIRST_SLOT + 8L * i) != 0) {
                open++;
            }
        }
        return open + " connection(s) open";
    }

    /** The connections recorded now (for tests). */
    List<Long> recorded() {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < slots; i++) {
            long id = memory.getLong(FIRST_SLOT + 8L * i);
            if (id != 0) {
                ids.add(id);
            }
        }
        return ids;
    }
}
