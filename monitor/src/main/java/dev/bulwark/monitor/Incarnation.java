package dev.bulwark.monitor;

import dev.bulwark.hw.core.Execution;
import dev.bulwark.hw.memory.Partition;
import dev.bulwark.hw.core.Lease;
import dev.bulwark.sandbox.kernel.Heartbeat;
import dev.bulwark.sandbox.kernel.Kernel;

/** One life of a sandbox's kernel: its number, and everything the monitor revokes when it ends. */
record Incarnation(int number, Kernel kernel, Partition partition, Lease lease, Heartbeat heartbeat,
                   Execution execution) {
}
