package dev.bulwark.monitor.spec;

import java.util.List;
import java.util.Objects;

/**
 * The modeled chip: how many cores, how much physical memory, and its page size; whether each core that runs
 * a sandbox has its threads pinned to a host CPU ({@code pin}: round-robin over the CPUs this process may use),
 * what its cores do while idle ({@code idle}), and the cores kept free for a sandbox whose core fails for good
 * ({@code spareCores}, first choice first; after them, any core no sandbox holds). A spare core exists and is
 * no sandbox's configured core ({@link SpecValidator} checks it).
 */
public record ChipSpec(int cores, long memoryBytes, int pageBytes, boolean pin, IdleMode idle, List<Integer> spareCores) {
    public static final int DEFAULT_PAGE_BYTES = 4096;

    public ChipSpec {
        Objects.requireNonNull(idle, "idle mode is null: IdleMode.BACKOFF is the default");
        spareCores = List.copyOf(spareCores);
    }

    /** A chip without spare cores. */
    public ChipSpec(int cores, long memoryBytes, int pageBytes, boolean pin, IdleMode idle) {
        this(cores, memoryBytes, pageBytes, pin, idle, List.of());
    }

    /** A chip whose cores float over the host's CPUs ({@code pin} false) and back off while idle. */
    public ChipSpec(int cores, long memoryBytes, int pageBytes) {
        this(cores, memoryBytes, pageBytes, false, IdleMode.BACKOFF);
    }

    /** This chip with {@code pin} as given. */
    public ChipSpec withPin(boolean pin) {
        return new ChipSpec(cores, memoryBytes, pageBytes, pin, idle, spareCores);
    }

    /** This chip with {@code spareCores} as given. */
    public ChipSpec withSpareCores(List<Integer> spareCores) {
        return new ChipSpec(cores, memoryBytes, pageBytes, pin, idle, spareCores);
    }
}
