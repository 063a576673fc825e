package dev.bulwark.drill;

import dev.bulwark.hw.fault.Fault;
import dev.bulwark.hw.fault.FaultKind;

/**
 * One entry of a drill's schedule: the {@code ordinal}-th injection puts {@code fault} into {@code target},
 * {@code offsetNanos} after the chip settled. All four come from the seed ({@link Schedule#draw}).
 */
public record PlannedFault(int ordinal, Target target, Fault fault, long offsetNanos) {
    public FaultKind kind() {
        return fault.kind();
    }
}
