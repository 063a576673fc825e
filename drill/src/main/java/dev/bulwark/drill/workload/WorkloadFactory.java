package dev.bulwark.drill.workload;

import dev.bulwark.monitor.Monitor;

import java.util.List;

/**
 * Makes a scenario's workloads for one booted chip. A drill reboots the chip when a verdict leaves it unable to
 * go on (a stopped sandbox, no spare core left), and each boot gets fresh workloads.
 */
@FunctionalInterface
public interface WorkloadFactory {
    /** The workloads for {@code monitor}'s chip, not yet started. */
    List<Workload> create(Monitor monitor);
}
