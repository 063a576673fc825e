package dev.bulwark.sandbox.kernel;

import dev.bulwark.hw.clock.NanoClock;
import dev.bulwark.hw.memory.Partition;
import dev.bulwark.ipc.channel.InPort;
import dev.bulwark.hw.core.Lease;
import dev.bulwark.ipc.channel.OutPort;

import java.util.List;
import java.util.Map;

/**
 * What the monitor hands one kernel incarnation: its number, a fresh partition, the lease that its
 * ports are bound to, the ports of the channels granted to its sandbox (outbound keyed by receiver),
 * its heartbeat, and its hypercalls.
 */
public record Boot(int incarnation, Partition partition, Lease lease, List<InPort> inbox,
                   Map<String, OutPort> outbox, Heartbeat heartbeat, Hypercalls hypercalls, NanoClock clock) {
    public Boot {
        inbox = List.copyOf(inbox);
        outbox = Map.copyOf(outbox);
    }
}
