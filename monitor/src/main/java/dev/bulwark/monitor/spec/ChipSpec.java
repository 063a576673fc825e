package dev.bulwark.monitor.spec;

import java.util.Objects;

/**
 * The modeled chip: how many cores, how much physical memory, and its page size; whether each core that runs
 * a sandbox has its threads pinned to a host CPU ({@code pin}: round-robin over the CPUs this process may use),
 * and what its cores do while idle ({@code idle}).
 */
public record ChipSpec(int cores, long memoryBytes, int pageBytes, boolean pin, IdleMode idle) {
    public static final int DEFAULT_PAGE_BYTES = 4096;

    public ChipSpec {
        Objects.requireNonNull(idle, "idle mode is null: IdleMode.BACKOFF is the default");
    }

    /** A chip whose cores float over the host's CPUs ({@code pin} false) and back off while idle. */
    public ChipSpec(int cores, long memoryBytes, int pageBytes) {
        this(cores, memoryBytes, pageBytes, false, IdleMode.BACKOFF);
    }

    /** This chip with {@code pin} as given. */
    public ChipSpec withPin(boolean pin) {
        return new ChipSpec(cores, memoryBytes, pageBytes, pin, idle);
    }
}
