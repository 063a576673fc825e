package dev.bulwark.apps.control;

import dev.bulwark.hw.memory.MemoryWindow;
import dev.bulwark.hw.memory.Partition;
import dev.bulwark.hw.memory.Region;

import java.lang.foreign.MemorySegment;

/**
 * A page of app memory for tests: the window an app writes through and the read-only view a reader gets,
 * over one confined partition (so the test's thread is the only one that may touch it).
 */
final class AppMemory implements AutoCloseable {
    private final Partition partition = Partition.openConfined(new Region("test", 0, 4096), 4096);

    MemoryWindow window() {
        return partition.window(0, 4096);
    }

    MemorySegment view() {
        return partition.contents();
    }

    /** Flips one bit, as a hardware fault would. */
    void flip(long offset, int bit) {
        partition.flipBit(offset, bit);
    }

    /** A kernel restart from the pristine image: the app memory is zeroed. */
    void wipe() {
        MemoryWindow w = window();
        for (int at = 0; at < 4096; at += Long.BYTES) {
            w.putLong(at, 0);
        }
    }

    @Override
    public void close() {
        partition.revoke();
    }
}
