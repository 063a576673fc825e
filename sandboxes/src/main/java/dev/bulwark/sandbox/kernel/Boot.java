package dev.bulwark.sandbox.kernel;

import dev.bulwark.hw.clock.NanoClock;
import dev.bulwark.hw.core.Lease;
import dev.bulwark.hw.device.Device;
import dev.bulwark.hw.memory.Partition;
import dev.bulwark.ipc.channel.InPort;
import dev.bulwark.ipc.channel.OutPort;

import java.util.List;
import java.util.Map;

/**
 * What the monitor hands one kernel incarnation: its number, its partition (its own mapping of the sandbox's
 * memory: zeroed for a restart from the pristine image, as the last incarnation left it for a microreboot),
 * the lease that its ports and device operations are bound to, the ports of the channels granted to its
 * sandbox (outbound keyed by receiver), the devices its sandbox owns (already attached to this incarnation),
 * its heartbeat, and its hypercalls; for a sandbox that checkpoints, its {@code checkpoints} store (null: it does
 * not), and whether the partition was {@code resumed} from the store's image rather than to be loaded with the
 * pristine image (a rollback, a failover: the monitor restored it, rewound the inbound channels to the checkpoint's
 * positions and released what its committed epoch held).
 */
public record Boot(int incarnation, Partition partition, Lease lease, List<InPort> inbox,
                   Map<String, OutPort> outbox, List<Device> devices, Heartbeat heartbeat, Hypercalls hypercalls,
                   NanoClock clock, CheckpointStore checkpoints, boolean resumed) {
    public Boot {
        inbox = List.copyOf(inbox);
        outbox = Map.copyOf(outbox);
        devices = List.copyOf(devices);
        if (resumed && checkpoints == null) {
            throw new IllegalArgumentException("only a sandbox that checkpoints resumes from a checkpoint");
        }
    }

    /** A boot from the pristine image, for a sandbox that does not checkpoint. */
    public Boot(int incarnation, Partition partition, Lease lease, List<InPort> inbox, Map<String, OutPort> outbox,
                List<Device> devices, Heartbeat heartbeat, Hypercalls hypercalls, NanoClock clock) {
        this(incarnation, partition, lease, inbox, outbox, devices, heartbeat, hypercalls, clock, null, false);
    }

    /** A boot for a sandbox that owns no devices. */
    public Boot(int incarnation, Partition partition, Lease lease, List<InPort> inbox, Map<String, OutPort> outbox,
                Heartbeat heartbeat, Hypercalls hypercalls, NanoClock clock) {
        this(incarnation, partition, lease, inbox, outbox, List.of(), heartbeat, hypercalls, clock);
    }
}
