package dev.bulwark.apps.kv;

import dev.bulwark.hw.memory.MemoryWindow;
import dev.bulwark.hw.memory.Partition;
import dev.bulwark.hw.memory.PhysicalMemory;

import java.lang.foreign.MemorySegment;

/** Memory windows for tests: each over a fresh, zeroed partition of its own. */
final class TestMemory {
    private static final int PAGE = 4096;

    private TestMemory() {
    }

    /** A zeroed window of {@code bytes} (rounded up to whole pages). */
    static MemoryWindow window(long bytes) {
        return partition(bytes).window(0, bytes);
    }

    /** A zeroed partition of at least {@code bytes} (whole pages): its window from 0 is an app's memory. */
    static Partition partition(long bytes) {
        long size = (bytes + PAGE - 1) / PAGE * PAGE;
        PhysicalMemory memory = new PhysicalMemory(size, PAGE);
        return Partition.open(memory.reserve("test", 0, size), PAGE);
    }

    /** The read-only view of {@code [0, bytes)} of {@code partition} that a memory check gets. */
    static MemorySegment view(Partition partition, long bytes) {
        return partition.contents().asSlice(0, bytes);
    }
}
