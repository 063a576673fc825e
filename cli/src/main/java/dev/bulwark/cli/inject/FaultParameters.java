package dev.bulwark.cli.inject;

import dev.bulwark.hw.device.Device;
import dev.bulwark.hw.fault.Fault;
import dev.bulwark.hw.fault.FaultInjector;
import dev.bulwark.hw.fault.FaultKind;
import dev.bulwark.hw.fault.FaultTarget;
import dev.bulwark.hw.fault.MemoryArea;

import java.util.EnumSet;
import java.util.Set;

/**
 * The parameters an injection gives its fault. Each is null where it was not given: the injector draws it from
 * its seed ({@link #complete}). Only those of the fault's kind are ever set ({@link InjectionSyntax} sees to it).
 */
public record FaultParameters(Fault.Site site, MemoryArea area, Long offset, Integer bit, Long distance,
                              Fault.DeviceMode mode, Boolean hangs) {
    /** Nothing given: every parameter drawn. */
    public static final FaultParameters NONE = new FaultParameters(null, null, null, null, null, null, null);

    /**
     * The fault of {@code kind} for {@code target}: these parameters where given, the rest drawn by {@code injector}
     * (which draws nothing for a fault whose parameters are all given).
     */
    public Fault complete(FaultKind kind, FaultInjector injector, FaultTarget target) {
        return switch (kind) {
            case KERNEL_PANIC -> site != null ? new Fault.KernelPanic(site) : injector.draw(kind, target);
            case BIT_FLIP -> {
                if (area != null && offset != null && bit != null) {
                    yield new Fault.BitFlip(area, offset, bit);
                }
                Fault.BitFlip drawn = area != null ? injector.drawBitFlip(target, area) : (Fault.BitFlip) injector.draw(kind, target);
                yield new Fault.BitFlip(drawn.area(), offset != null ? offset : drawn.offset(), bit != null ? bit : drawn.bit());
            }
            case WILD_WRITE -> distance != null ? new Fault.WildWrite(distance) : injector.draw(kind, target);
            case DEVICE_FAILURE -> mode != null ? new Fault.DeviceFailure(mode) : drawMode(injector, target);
            case DRIVER_BUG -> hangs != null ? new Fault.DriverBug(hangs) : injector.draw(kind, target);
            case MESSAGE_CORRUPTION -> bit != null ? new Fault.MessageCorruption(bit) : injector.draw(kind, target);
            case HANG, CORE_FAIL_STOP, MONITOR_FAULT -> injector.draw(kind, target);
        };
    }

    /**
     * A device failure in a mode {@code target} can fail in. The injector draws among every mode; a draw the
     * device's kind cannot show (a timer corrupts nothing) is drawn again, so the result still follows from the seed.
     */
    private static Fault drawMode(FaultInjector injector, FaultTarget target) {
        Set<Fault.DeviceMode> can = target instanceof Device device ? device.kind().failureModes() : EnumSet.allOf(Fault.DeviceMode.class);
        if (can.isEmpty()) {
            throw new IllegalArgumentException(target.targetName() + " cannot fail in any mode");
        }
        while (true) {
            Fault drawn = injector.draw(FaultKind.DEVICE_FAILURE, target);
            if (drawn instanceof Fault.DeviceFailure(Fault.DeviceMode mode) && can.contains(mode)) {
                return drawn;
            }
        }
    }
}
