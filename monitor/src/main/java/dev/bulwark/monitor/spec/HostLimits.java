package dev.bulwark.monitor.spec;

import com.sun.management.OperatingSystemMXBean;
import dev.bulwark.hw.core.CpuAffinity;

import java.lang.management.ManagementFactory;

/**
 * What the host can give a chip, as this JVM sees it (container limits included): CPUs for the modeled
 * cores, physical memory for the partitions (off-heap, outside any JVM limit), and heap for the
 * channels. The validator refuses a system that would not fit, rather than let the JVM run out of memory
 * (or the kernel's OOM killer end it) half-way through booting.
 *
 * @param cpus            host CPUs the JVM may use (its CPU quota included)
 * @param memoryBytes     physical memory of the host (or the container's limit)
 * @param freeMemoryBytes of it, free now
 * @param maxHeapBytes    the JVM's maximum heap ({@code -Xmx})
 * @param allowedCpus     host CPUs a thread may be pinned to: the process's affinity set, whatever the quota
 */
public record HostLimits(int cpus, long memoryBytes, long freeMemoryBytes, long maxHeapBytes, int allowedCpus) {
    /** A host whose threads may be pinned to each of its {@code cpus} CPUs. */
    public HostLimits(int cpus, long memoryBytes, long freeMemoryBytes, long maxHeapBytes) {
        this(cpus, memoryBytes, freeMemoryBytes, maxHeapBytes, cpus);
    }

    /** The host this JVM runs on, now. */
    public static HostLimits current() {
        var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return new HostLimits(Runtime.getRuntime().availableProcessors(), os.getTotalMemorySize(),
                os.getFreeMemorySize(), Runtime.getRuntime().maxMemory(), CpuAffinity.allowedCpus().size());
    }
}
