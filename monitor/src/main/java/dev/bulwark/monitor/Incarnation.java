package dev.bulwark.monitor;

import dev.bulwark.hw.clock.NanoClock;
import dev.bulwark.hw.core.Execution;
import dev.bulwark.hw.memory.Backing;
import dev.bulwark.hw.memory.Partition;
import dev.bulwark.hw.core.Lease;
import dev.bulwark.sandbox.kernel.Heartbeat;
import dev.bulwark.sandbox.kernel.Kernel;

/**
 * One life of a sandbox's kernel: its number, and everything the monitor revokes when it ends. {@code partition}
 * is its mapping of {@code backing}, one of the two backings its sandbox owns for the chip's life: the mapping
 * ends with the incarnation, the backing does not.
 */
record Incarnation(int number, Kernel kernel, Backing backing, Partition partition, Lease lease, Heartbeat heartbeat,
                   Execution execution) {
    /**
     * Closes this incarnation's mapping and returns how long that took on {@code clock}, in nanoseconds: the
     * arena's close, a handshake with every thread, after which a zombie of this incarnation ends at its next
     * memory access and the backing may be mapped again, its bytes as they were. A launch on the same backing
     * pays this on its critical path. Idempotent (a second call measures nothing but the check).
     */
    long unmap(NanoClock clock) {
        long start = clock.nanoTime();
        partition.revoke();
        return clock.nanoTime() - start;
    }
}
