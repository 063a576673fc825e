package dev.bulwark.apps.kv;

import dev.bulwark.hw.memory.Partition;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A measurement, not a test (its name is outside surefire's patterns, so {@code mvn verify} never runs it): how
 * long {@link ShardCheck}'s walk of a full 16 MiB shard takes, first and warm, for 3-byte and 100-byte values.
 * <pre>
 * mvn -q -pl apps -am verify -Dtest=ShardCheckProbe -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * prints a {@code PROBE} line per value size.
 */
class ShardCheckProbe {
    @Test
    void probe() {
        long bytes = 16 << 20;
        for (int valueBytes : new int[]{3, 100}) {
            Partition partition = TestMemory.partition(bytes);
            ShardTable table = new ShardTable(partition.window(0, bytes));
            byte[] value = new byte[valueBytes];
            Arrays.fill(value, (byte) 'x');
            int n = 0;
            while (true) {
                byte[] key = String.format("key:%012d", n).getBytes(StandardCharsets.US_ASCII);
                if (table.put(key, key.length, value, 0, value.length, n % 10 == 0 ? 5_000_000_000L : 0) == ShardTable.FULL) {
                    break;
                }
                n++;
            }
            for (int i = 0; i < n; i += 7) { // some free blocks on the lists
                byte[] key = String.format("key:%012d", i).getBytes(StandardCharsets.US_ASCII);
                table.delete(key, key.length, 0);
            }
            MemorySegment view = TestMemory.view(partition, bytes);
            long[] times = new long[25];
            for (int r = 0; r < times.length; r++) {
                long t0 = System.nanoTime();
                var p = ShardCheck.problem(view);
                times[r] = System.nanoTime() - t0;
                if (p.isPresent()) throw new AssertionError(p.get());
            }
            long[] warm = Arrays.copyOfRange(times, 5, times.length);
            Arrays.sort(warm);
            System.out.printf("PROBE 16 MiB shard, %d-byte values: %d keys, %d of %d heap bytes in use; first walk %.2f ms, median of 20 warm %.2f ms (min %.2f, max %.2f)%n",
                    valueBytes, table.keys(), table.usedBytes(), table.capacityBytes(), times[0] / 1e6, warm[10] / 1e6, warm[0] / 1e6, warm[19] / 1e6);
        }
    }
}
