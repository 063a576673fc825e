package dev.bulwark.apps.kv;

import dev.bulwark.hw.memory.Partition;
import dev.bulwark.sandbox.app.AppMemoryCorruptedException;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The shard table's hot-path checks ({@link ShardTable}): a flipped value bit is never answered, a wild slot traps. */
class ShardTableCorruptionTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The shard's table as its app sees it, and the entry of {@code key} in it. */
    private static long entryOf(KvRig.Sandbox shard, String key) {
        return new ShardTable(shard.memory).find(bytes(key), bytes(key).length, 0);
    }

    @Test
    void aFlippedValueBitIsNeverAnsweredByGetTheShardTrapsInstead() {
        KvRig rig = new KvRig(1);
        KvRig.Client c = rig.connect();
        assertEquals("OK", c.call("SET", "greeting", "hello, world"));
        assertEquals("OK", c.call("SET", "n", "41"));
        long entry = entryOf(rig.shard(0), "greeting");
        rig.shard(0).partition.flipBit(entry + ShardTable.ENTRY_HEADER + "greeting".length() + 3, 2);
        assertThrows(AppMemoryCorruptedException.class, () -> c.call("GET", "greeting"));
        rig.shard(0).partition.flipBit(entryOf(rig.shard(0), "n") + ShardTable.ENTRY_HEADER + 1, 0);
        assertThrows(AppMemoryCorruptedException.class, () -> c.call("INCR", "n"), "INCR reads the value too");
    }

    @Test
    void aFlippedExpiryOrValueLengthIsFoundWhenTheValueIsRead() {
        Partition partition = TestMemory.partition(64 << 10);
        ShardTable table = new ShardTable(partition.window(0, 64 << 10));
        byte[] key = bytes("k");
        byte[] value = bytes("a value of some length");
        table.put(key, 1, value, 0, value.length, 5_000);
        long entry = table.find(key, 1, 0);
        byte[] read = new byte[64];
        partition.flipBit(entry + ShardTable.EXPIRY + 1, 4); // later, still in the future
        assertThrows(AppMemoryCorruptedException.class, () -> table.readValue(entry, table.valueLength(entry), read, 0));
        partition.flipBit(entry + ShardTable.EXPIRY + 1, 4);
        partition.flipBit(entry + ShardTable.VALUE_LENGTH, 0); // one byte longer, still in its block
        assertThrows(AppMemoryCorruptedException.class, () -> table.readValue(entry, table.valueLength(entry), read, 0));
        partition.flipBit(entry + ShardTable.VALUE_LENGTH + 1, 4); // and now past the block
        assertThrows(AppMemoryCorruptedException.class, () -> table.valueLength(entry));
        partition.flipBit(entry + ShardTable.VALUE_LENGTH + 1, 4);
        partition.flipBit(entry + ShardTable.VALUE_LENGTH, 0);
        table.readValue(entry, table.valueLength(entry), read, 0);
        assertArrayEquals(value, java.util.Arrays.copyOf(read, value.length), "whole again");
    }

    @Test
    void anIndexSlotPointingOutsideTheHeapOrAtAFreeBlockTrapsInsteadOfFailingAtRandom() {
        KvRig rig = new KvRig(1);
        KvRig.Client c = rig.connect();
        assertEquals("OK", c.call("SET", "a", "1"));
        KvRig.Sandbox shard = rig.shard(0);
        long slot = slotOf(shard.view(), entryOf(shard, "a"));
        shard.partition.flipBit(slot + 3, 7); // the entry offset's bit 31: 32 GiB further on
        assertThrows(AppMemoryCorruptedException.class, () -> c.call("GET", "a"));

        KvRig other = new KvRig(1);
        KvRig.Client d = other.connect();
        assertEquals("OK", d.call("SET", "b", "2"));
        other.shard(0).partition.flipBit(entryOf(other.shard(0), "b") + BlockHeap.FLAGS, 0); // b's block says it is free
        assertThrows(AppMemoryCorruptedException.class, () -> d.call("GET", "b"));
    }

    /**
     * A flipped bit of a stored key, of its length, or of its slot's hash would make an acknowledged key read back
     * nil with nothing detected (the drill campaign's one undetected corruption in 10,000 injections): each traps.
     */
    @Test
    void aFlippedKeyByteKeyLengthOrSlotHashTrapsInsteadOfMakingTheKeyVanish() {
        String[] keys = {"drill-key-106", "drill-key-7", "counter"};
        for (int flip = 0; flip < 3; flip++) {
            KvRig rig = new KvRig(1);
            KvRig.Client c = rig.connect();
            for (String k : keys) {
                assertEquals("OK", c.call("SET", k, "v-" + k));
            }
            KvRig.Sandbox shard = rig.shard(0);
            long entry = entryOf(shard, "drill-key-106");
            switch (flip) {
                case 0 -> shard.partition.flipBit(entry + ShardTable.ENTRY_HEADER + 5, 1); // "drill" -> another word
                case 1 -> shard.partition.flipBit(entry + ShardTable.KEY_LENGTH, 0);        // 13 bytes -> 12
                default -> shard.partition.flipBit(slotOf(shard.view(), entry) + 5, 3);     // a bit of the slot's hash
            }
            assertThrows(AppMemoryCorruptedException.class, () -> c.call("GET", "drill-key-106"), "flip " + flip);
        }
        KvRig rig = new KvRig(1);
        KvRig.Client c = rig.connect();
        for (String k : keys) {
            assertEquals("OK", c.call("SET", k, "v-" + k));
        }
        assertEquals(null, c.call("GET", "absent"), "a whole table's misses pass the check");
        assertEquals("v-counter", c.call("GET", "counter"));
    }

    /** The byte offset of the index slot that points at {@code entry}. */
    private static long slotOf(MemorySegment view, long entry) {
        for (long at = ShardTable.HEADER_BYTES; ; at += 8) {
            long s = view.get(ValueLayout.JAVA_LONG_UNALIGNED, at);
            if (s != 0 && ShardTable.entryOf(s) == entry) {
                return at;
            }
        }
    }
}
