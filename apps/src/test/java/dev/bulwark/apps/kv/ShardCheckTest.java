package dev.bulwark.apps.kv;

import dev.bulwark.hw.memory.MemoryWindow;
import dev.bulwark.hw.memory.Partition;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shard's memory check ({@link ShardCheck}, what a microreboot runs): a whole table passes, pristine, after
 * work and as clients left it, and a flipped bit in any structure it covers is found; what it cannot find is
 * stated. The hot path's checks are {@link ShardTableCorruptionTest}'s.
 */
class ShardCheckTest {
    /** The seed of the workloads and of the sampled bits: a failure names the bit, and a rerun flips the same. */
    private static final long SEED = 20261204L;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Optional<String> check(MemorySegment view) {
        return KvShard.DESCRIPTOR.memoryCheck().problem(view);
    }

    /** A table on a fresh partition, with {@code ops} seeded puts, overwrites, deletes and expiring keys. */
    private static ShardTable worked(Partition partition, long bytes, int ops, int keySpace) {
        ShardTable table = new ShardTable(partition.window(0, bytes));
        Random random = new Random(SEED);
        for (int op = 0; op < ops; op++) {
            byte[] key = bytes("key:" + random.nextInt(keySpace));
            if (random.nextInt(4) == 0) {
                table.delete(key, key.length, 0);
            } else {
                byte[] value = new byte[random.nextInt(8) == 0 ? random.nextInt(400) : random.nextInt(20)];
                random.nextBytes(value);
                table.put(key, key.length, value, 0, value.length, random.nextInt(3) == 0 ? 1 + random.nextInt(1000) : 0);
            }
        }
        return table;
    }

    /**
     * The bytes of the structures the check covers, as [offset, length) pairs: the header's words but the sweep
     * cursor (any slot is a fine place to resume: only one past the index is found), the heap's cursors, the
     * index, every block's header, an entry's header, key and value, a free block's links and footer. Found by
     * following the block sizes of a table known to be whole.
     */
    private static List<long[]> covered(MemorySegment view) {
        int slots = ShardTable.indexSlots(view.byteSize());
        List<long[]> ranges = new ArrayList<>(List.of(new long[]{0, ShardTable.SWEEP_AT},
                new long[]{ShardTable.EXPIRING_AT, 8}, new long[]{ShardTable.HEAP_AT, BlockHeap.CURSOR_BYTES},
                new long[]{ShardTable.HEADER_BYTES, 8L * slots}));
        long bump = view.get(ValueLayout.JAVA_LONG_UNALIGNED, ShardTable.HEAP_AT + BlockHeap.BUMP);
        for (long at = ShardTable.dataStart(slots); at < bump; ) {
            long size = view.get(ValueLayout.JAVA_INT_UNALIGNED, at);
            boolean inUse = (view.get(ValueLayout.JAVA_INT_UNALIGNED, at + BlockHeap.FLAGS) & BlockHeap.IN_USE) != 0;
            ranges.add(new long[]{at, 8});
            if (inUse) {
                long entry = ShardTable.ENTRY_HEADER - 8 + (view.get(ValueLayout.JAVA_INT_UNALIGNED, at + 8) & 0xffff)
                        + view.get(ValueLayout.JAVA_INT_UNALIGNED, at + ShardTable.VALUE_LENGTH);
                ranges.add(new long[]{at + 8, entry});
            } else {
                ranges.add(new long[]{at + 8, 16});
                ranges.add(new long[]{at + size - 4, 4});
            }
            at += size;
        }
        return ranges;
    }

    private static long bits(List<long[]> ranges) {
        return ranges.stream().mapToLong(r -> r[1] * 8).sum();
    }

    /** The {@code n}-th covered bit, counted through the ranges. */
    private static long bitAt(List<long[]> ranges, long n) {
        for (long[] r : ranges) {
            if (n < r[1] * 8) {
                return r[0] * 8 + n;
            }
            n -= r[1] * 8;
        }
        throw new IllegalArgumentException("bit " + n + " is past the covered ranges");
    }

    private static void assertFound(Partition partition, MemorySegment view, long bit) {
        partition.flipBit(bit / 8, (int) (bit % 8));
        assertTrue(check(view).isPresent(), "bit " + bit % 8 + " of byte " + bit / 8 + " flipped and not found");
        partition.flipBit(bit / 8, (int) (bit % 8));
    }

    @Test
    void pristineMemoryIsIntactAndMemoryWithNoTableButSomeBitsIsNot() {
        Partition partition = TestMemory.partition(256 << 10);
        MemorySegment view = TestMemory.view(partition, 256 << 10);
        assertEquals(Optional.empty(), check(view));
        partition.flipBit(100_000, 3);
        assertTrue(check(view).orElseThrow().contains("not all zeros"), check(view).orElseThrow());
    }

    @Test
    void aFreshTableAndOneAfterWorkAndAFlushPass() {
        Partition partition = TestMemory.partition(256 << 10);
        MemorySegment view = TestMemory.view(partition, 256 << 10);
        ShardTable table = new ShardTable(partition.window(0, 256 << 10));
        assertEquals(Optional.empty(), check(view), "freshly formatted");
        table = worked(partition, 256 << 10, 5_000, 800);
        assertTrue(table.keys() > 100 && table.expiring() > 10, table.keys() + " keys");
        assertEquals(Optional.empty(), check(view), "after work");
        table.sweep(10_000, table.slots());
        assertEquals(Optional.empty(), check(view), "after a sweep");
        table.clear();
        assertEquals(Optional.empty(), check(view), "after FLUSHALL");
    }

    /** A store of {@code shards} shards after a seeded mix of client commands, the sweep timer past. */
    private static KvRig drivenByClients(int shards, Random random) {
        KvRig rig = new KvRig(shards);
        KvRig.Client c = rig.connect();
        for (int i = 0; i < 2_000; i++) {
            String key = "user:" + random.nextInt(300);
            switch (random.nextInt(5)) {
                case 0 -> c.send("SET", key, "v".repeat(random.nextInt(200)));
                case 1 -> c.send("SET", key, "x" + i, "PX", String.valueOf(1 + random.nextInt(50)));
                case 2 -> c.send("INCR", "counter:" + random.nextInt(50));
                case 3 -> c.send("DEL", key);
                default -> c.send("GET", key);
            }
            if (i % 100 == 0) {
                rig.advance(10_000_000);
            }
        }
        rig.advance(200_000_000); // past the sweep timer
        return rig;
    }

    @Test
    void theShardsOfAStoreDrivenByClientsPass() {
        KvRig rig = drivenByClients(2, new Random(SEED));
        for (int s = 0; s < 2; s++) {
            assertTrue(KvShard.keys(rig.shard(s).view()) > 50, "shard " + s + " holds keys");
            assertEquals(Optional.empty(), check(rig.shard(s).view()), "shard " + s);
        }
    }

    @Test
    void everySingleBitFlipInTheStructuresOfASmallTableIsFound() {
        Partition partition = TestMemory.partition(32 << 10);
        MemorySegment view = TestMemory.view(partition, 32 << 10);
        ShardTable table = worked(partition, 32 << 10, 400, 60);
        assertTrue(table.keys() > 20, table.keys() + " keys");
        assertEquals(Optional.empty(), check(view));
        List<long[]> ranges = covered(view);
        assertTrue(ranges.stream().anyMatch(r -> r[1] == 4), "the table has a free block (a footer to flip)");
        for (long n = 0; n < bits(ranges); n++) {
            assertFound(partition, view, bitAt(ranges, n));
        }
        assertEquals(Optional.empty(), check(view), "every bit flipped back");
    }

    @Test
    void aSeededSampleOfBitFlipsInAWorkedShardIsFound() {
        Random random = new Random(SEED);
        KvRig.Sandbox shard = drivenByClients(1, random).shard(0);
        assertEquals(Optional.empty(), check(shard.view()));
        List<long[]> ranges = covered(shard.view());
        for (int i = 0; i < 2_000; i++) {
            assertFound(shard.partition, shard.view(), bitAt(ranges, (long) (random.nextDouble() * bits(ranges))));
        }
        assertEquals(Optional.empty(), check(shard.view()));
    }

    @Test
    void aTableCaughtInTheMiddleOfAChangeOrWithTheSweepPastTheIndexIsNotKept() {
        Partition partition = TestMemory.partition(64 << 10);
        MemoryWindow window = partition.window(0, 64 << 10);
        worked(partition, 64 << 10, 100, 30);
        window.putInt(ShardTable.CHANGING_AT, 1);
        assertTrue(check(TestMemory.view(partition, 64 << 10)).orElseThrow().contains("middle of a change"));
        window.putInt(ShardTable.CHANGING_AT, 0);
        window.putLong(ShardTable.SWEEP_AT, ShardTable.indexSlots(64 << 10));
        assertTrue(check(TestMemory.view(partition, 64 << 10)).orElseThrow().contains("sweep cursor"));
    }

    /** The limit of a 16-bit xor fold, stated: two flips in the same bit of the fold cancel. */
    @Test
    void twoValueFlipsThatCancelInTheFoldAreNotFound() {
        Partition partition = TestMemory.partition(64 << 10);
        ShardTable table = new ShardTable(partition.window(0, 64 << 10));
        byte[] key = bytes("k");
        table.put(key, 1, new byte[16], 0, 16, 0);
        long value = table.find(key, 1, 0) + ShardTable.ENTRY_HEADER + 1;
        partition.flipBit(value, 0);
        partition.flipBit(value + 8, 0); // the same bit of the next word: the xor of the words is unchanged
        assertEquals(Optional.empty(), check(TestMemory.view(partition, 64 << 10)));
    }
}
