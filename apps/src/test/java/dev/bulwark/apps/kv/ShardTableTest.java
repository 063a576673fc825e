package dev.bulwark.apps.kv;

import dev.bulwark.hw.memory.MemoryWindow;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShardTableTest {
    /** What the model holds for a key: its value and expiry (0: none). */
    private record Stored(byte[] value, long expiresAt) {
        boolean liveAt(long now) {
            return expiresAt == 0 || now - expiresAt <= 0;
        }
    }

    private static byte[] key(String k) {
        return k.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] get(ShardTable table, byte[] key, long now) {
        long entry = table.find(key, key.length, now);
        if (entry < 0) {
            return null;
        }
        byte[] value = new byte[table.valueLength(entry)];
        table.readValue(entry, value.length, value, 0);
        return value;
    }

    private static int put(ShardTable table, byte[] key, byte[] value, long expiresAt) {
        return table.put(key, key.length, value, 0, value.length, expiresAt);
    }

    /**
     * A seeded mix of inserts, overwrites (values growing and shrinking), deletes, expiring keys, clock steps,
     * sweeps and re-attaches of a new instance, checked op by op against a HashMap.
     */
    @Test
    void matchesAHashMapUnderASeededOperationMix() {
        for (long seed : new long[]{1, 2, 3, 42}) {
            runMix(seed, TestMemory.window(4 << 20), 20_000, 600);
        }
    }

    /** The same mix with few index slots and long probe chains: every deletion shifts entries back. */
    @Test
    void matchesAHashMapWithACrowdedIndex() {
        runMix(7, TestMemory.window(64 << 10), 20_000, 700);
    }

    private static void runMix(long seed, MemoryWindow window, int ops, int keySpace) {
        Random random = new Random(seed);
        ShardTable table = new ShardTable(window);
        Map<String, Stored> model = new HashMap<>();
        long now = 1_000;
        int full = 0;
        for (int op = 0; op < ops; op++) {
            String k = "key:" + random.nextInt(keySpace) + (random.nextInt(10) == 0 ? "-a-longer-key-that-spans-words" : "");
            byte[] key = key(k);
            String where = "seed " + seed + " op " + op + " key " + k;
            int dice = random.nextInt(100);
            if (dice < 40) {
                byte[] value = new byte[random.nextInt(10) == 0 ? random.nextInt(900) : random.nextInt(24)];
                random.nextBytes(value);
                long expiresAt = random.nextInt(4) == 0 ? now + 1 + random.nextInt(5_000) : 0;
                int result = put(table, key, value, expiresAt);
                if (result == ShardTable.STORED) {
                    model.put(k, new Stored(value, expiresAt));
                } else {
                    full++;
                }
            } else if (dice < 70) {
                Stored expected = model.get(k);
                byte[] value = get(table, key, now);
                if (expected == null || !expected.liveAt(now)) {
                    assertNull(value, where);
                    model.remove(k);
                } else {
                    assertArrayEquals(expected.value(), value, where);
                    assertEquals(expected.expiresAt(), table.expiresAt(table.find(key, key.length, now)), where);
                }
            } else if (dice < 85) {
                Stored expected = model.remove(k);
                assertEquals(expected != null && expected.liveAt(now), table.delete(key, key.length, now), where);
            } else if (dice < 95) {
                now += random.nextInt(1_000);
            } else if (dice < 98) {
                table.sweep(now, 1 + random.nextInt(table.slots()));
            } else {
                table = new ShardTable(window);
                assertTrue(table.kept(), where + ": a re-attached instance keeps the table");
            }
        }
        // a full sweep leaves exactly the live keys
        table.sweep(now, table.slots() * 2);
        long finalNow = now;
        model.values().removeIf(s -> !s.liveAt(finalNow));
        assertEquals(model.size(), table.keys(), "seed " + seed + ": keys after a full sweep");
        for (var e : model.entrySet()) {
            assertArrayEquals(e.getValue().value(), get(table, key(e.getKey()), now), "seed " + seed + " key " + e.getKey());
        }
        for (String k : new ArrayList<>(model.keySet())) {
            assertTrue(table.delete(key(k), key(k).length, now));
        }
        assertEquals(0, table.keys());
        assertEquals(0, table.expiring());
        assertEquals(0, table.usedBytes(), "every block is free again");
        assertEquals(table.capacityBytes(), table.untouchedBytes(), "freed blocks merged back into the top");
        assertTrue(full == 0 || window.byteSize() < (1 << 20), "seed " + seed + ": a big table was never full");
    }

    @Test
    void aFullTableRefusesAndKeepsWhatItHad() {
        ShardTable table = new ShardTable(TestMemory.window(32 << 10));
        byte[] value = new byte[200];
        Arrays.fill(value, (byte) 'v');
        List<byte[]> stored = new ArrayList<>();
        int i = 0;
        while (true) {
            byte[] key = key("k" + i++);
            if (put(table, key, value, 0) == ShardTable.FULL) {
                assertNull(get(table, key, 0), "a refused key is not there");
                break;
            }
            stored.add(key);
        }
        assertTrue(stored.size() > 50, "stored " + stored.size());
        // growing an existing value past what is free is refused too, leaving the old value
        byte[] big = new byte[4000];
        assertEquals(ShardTable.FULL, put(table, stored.get(0), big, 0));
        assertArrayEquals(value, get(table, stored.get(0), 0));
        for (byte[] key : stored) {
            assertArrayEquals(value, get(table, key, 0));
        }
        // room comes back with deletes
        for (int d = 0; d < 20; d++) {
            assertTrue(table.delete(stored.get(d), stored.get(d).length, 0));
        }
        assertEquals(ShardTable.STORED, put(table, key("again"), value, 0));
        assertEquals(ShardTable.STORED, put(table, key("a-bigger-one"), new byte[1000], 0),
                "twenty freed neighbours merged into room for a bigger value");
    }

    @Test
    void theIndexRefusesKeysBeyondItsLoadLimit() {
        ShardTable table = new ShardTable(TestMemory.window(64 << 10));
        int stored = 0;
        while (put(table, key("k" + stored), new byte[0], 0) == ShardTable.STORED) {
            stored++;
        }
        assertEquals(table.maxKeys(), stored);
        assertEquals(table.slots() / 4 * 3, table.maxKeys());
    }

    @Test
    void expiredKeysAreGoneOnAccessAndSweptAway() {
        ShardTable table = new ShardTable(TestMemory.window(1 << 20));
        put(table, key("soon"), key("1"), 100);
        put(table, key("later"), key("2"), 1_000);
        put(table, key("never"), key("3"), 0);
        assertArrayEquals(key("1"), get(table, key("soon"), 100), "due at 100: still there at 100");
        assertNull(get(table, key("soon"), 101));
        assertEquals(2, table.keys(), "the lookup deleted it");
        assertEquals(1, table.expiring());
        assertEquals(1, table.sweep(1_001, table.slots()));
        assertEquals(1, table.keys());
        assertArrayEquals(key("3"), get(table, key("never"), Long.MAX_VALUE / 2));
    }

    @Test
    void aTableLeftHalfWayThroughAChangeIsFormattedNotTrusted() {
        MemoryWindow window = TestMemory.window(256 << 10);
        ShardTable table = new ShardTable(window);
        assertFalse(table.kept(), "a zeroed window holds no table");
        put(table, key("a"), key("1"), 0);
        assertTrue(new ShardTable(window).kept());
        assertEquals(1, new ShardTable(window).keys());

        window.putInt(12, 1); // the "changing" word, as a crash in the middle of a put leaves it
        ShardTable after = new ShardTable(window);
        assertFalse(after.kept());
        assertEquals(0, after.keys());
        assertNull(get(after, key("a"), 0));

        put(after, key("b"), key("2"), 0);
        window.putLong(0, 0); // no magic: not a table
        assertEquals(0, new ShardTable(window).keys());
    }

    @Test
    void sizeClassesCoverEveryRequest() {
        assertEquals(32, BlockHeap.classBytes(0));
        assertEquals(48, BlockHeap.classBytes(1));
        assertEquals(64, BlockHeap.classBytes(2));
        assertEquals(96, BlockHeap.classBytes(3));
        for (long n = 1; n < 100_000; n += 7) {
            int c = BlockHeap.ceilClass(n);
            assertTrue(BlockHeap.classBytes(c) >= n && (c == 0 || BlockHeap.classBytes(c - 1) < n), "n " + n);
            if (n >= BlockHeap.MIN_BLOCK) {
                int f = BlockHeap.floorClass(n);
                assertTrue(BlockHeap.classBytes(f) <= n && BlockHeap.classBytes(f + 1) > n, "n " + n);
            }
        }
    }
}
