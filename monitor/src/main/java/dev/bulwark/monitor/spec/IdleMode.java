package dev.bulwark.monitor.spec;

/**
 * What a modeled core does while its kernel has no work: the chip's {@code idle} setting.
 *
 * <p>{@link #BACKOFF} is what modeled cores are built for: many cores share few host CPUs, so sixteen of them
 * run on two. {@link #SPIN} is for latency benchmarks: a core never gives its host CPU away, so it needs one
 * to itself; with more busy-spinning cores than host CPUs they starve each other: kernels crawl, waiting for
 * time slices, and one starved past the heartbeat check's grace is judged hung. Spinning cores also take the
 * CPUs the JVM's own threads (the JIT compiler) need, so on a small host a spinning run starts slow.
 */
public enum IdleMode {
    /** Spin, then yield, then sleep until work or the next timer: an idle core costs almost nothing. The default. */
    BACKOFF("backoff"),
    /** Busy-spin: the lowest wake-up latency, at the cost of one host CPU per core. */
    SPIN("spin");

    private final String configName;

    IdleMode(String configName) {
        this.configName = configName;
    }

    /** The name a config file uses. */
    public String configName() {
        return configName;
    }
}
