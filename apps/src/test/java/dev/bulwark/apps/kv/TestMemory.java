package dev.bulwark.apps.kv;

import dev.bulwark.hw.memory.MemoryWindow;
import dev.bulwark.hw.memory.Partition;
import dev.bulwark.hw.memory.PhysicalMemory;

/** Memory windows for tests: each over a fresh, zeroed partition of its own. */
final class TestMemory {
    private static final int PAGE = 4096;

    private TestMemory() {
    }

    /** A zeroed window of {@code bytes} (rounded up to whole pages). */
    static MemoryWindow window(long bytes) {
        long size = (bytes + PAGE - 1) / PAGE * PAGE;
        PhysicalMemory memory = new PhysicalMemory(size, PAGE);
        return Partition.open(memory.reserve("test", 0, size), PAGE).window(0, bytes);
    }
}
