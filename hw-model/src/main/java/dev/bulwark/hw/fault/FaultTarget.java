package dev.bulwark.hw.fault;

import java.util.Set;

/** Something faults can be injected into: a core, a kernel, a device. */
public interface FaultTarget {
    String targetName();

    /** The kinds this target can take; the injector refuses any other. */
    Set<FaultKind> acceptedFaults();

    /**
     * Applies the fault. May be called from any thread; the target hands it to its owner as needed.
     *
     * @throws FaultRefusedException if the target cannot take this fault now (nothing was applied)
     */
    void inject(Fault fault);

    /** Size of a memory area, so a seeded bit flip can pick an offset inside it; 0 if there is none. */
    default long areaBytes(MemoryArea area) {
        return 0;
    }
}
