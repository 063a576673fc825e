package dev.bulwark.cli.inject;

import dev.bulwark.hw.clock.NanoClock;
import dev.bulwark.hw.device.TimerDevice;
import dev.bulwark.hw.fault.Fault;
import dev.bulwark.hw.fault.FaultInjector;
import dev.bulwark.hw.fault.FaultKind;
import dev.bulwark.hw.fault.FaultTarget;
import dev.bulwark.hw.fault.MemoryArea;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaultParametersTest {
    /** A kernel-like target: 56 bytes of kernel data, 1 MiB of app data. */
    static final FaultTarget KERNEL = new FaultTarget() {
        public String targetName() { return "k"; }

        public Set<FaultKind> acceptedFaults() { return EnumSet.allOf(FaultKind.class); }

        public void inject(Fault fault) { }

        public long areaBytes(MemoryArea area) { return area == MemoryArea.KERNEL_DATA ? 56 : 1 << 20; }
    };

    private static List<Fault> draws(long seed, FaultParameters given, FaultKind kind) {
        FaultInjector injector = new FaultInjector(seed, null);
        return List.of(given.complete(kind, injector, KERNEL), given.complete(kind, injector, KERNEL), given.complete(kind, injector, KERNEL));
    }

    @Test
    void whatIsLeftOutFollowsFromTheSeedAndWhatIsGivenIsKept() {
        FaultParameters appArea = new FaultParameters(null, MemoryArea.APP_DATA, null, 3, null, null, null);
        assertEquals(draws(7, appArea, FaultKind.BIT_FLIP), draws(7, appArea, FaultKind.BIT_FLIP));
        assertNotEquals(draws(7, appArea, FaultKind.BIT_FLIP), draws(8, appArea, FaultKind.BIT_FLIP));
        for (Fault f : draws(7, appArea, FaultKind.BIT_FLIP)) {
            Fault.BitFlip flip = (Fault.BitFlip) f;
            assertEquals(MemoryArea.APP_DATA, flip.area());
            assertEquals(3, flip.bit());
            assertTrue(flip.offset() < 1 << 20, flip.toString());
        }
        FaultParameters kernelArea = new FaultParameters(null, MemoryArea.KERNEL_DATA, null, null, null, null, null);
        for (long seed = 1; seed <= 50; seed++) {
            for (Fault f : draws(seed, kernelArea, FaultKind.BIT_FLIP)) {
                assertTrue(((Fault.BitFlip) f).offset() < 56, f.toString());
            }
        }
        assertEquals(List.of(new Fault.WildWrite(9), new Fault.WildWrite(9), new Fault.WildWrite(9)),
                draws(1, new FaultParameters(null, null, null, null, 9L, null, null), FaultKind.WILD_WRITE));
    }

    @Test
    void aFaultWhoseParametersAreAllGivenDrawsNothing() {
        FaultInjector used = new FaultInjector(5, null);
        assertEquals(new Fault.BitFlip(MemoryArea.KERNEL_DATA, 8, 1),
                new FaultParameters(null, MemoryArea.KERNEL_DATA, 8L, 1, null, null, null).complete(FaultKind.BIT_FLIP, used, KERNEL));
        assertEquals(new Fault.KernelPanic(Fault.Site.APP), new FaultParameters(Fault.Site.APP, null, null, null, null, null, null)
                .complete(FaultKind.KERNEL_PANIC, used, KERNEL));
        assertEquals(new Fault.DriverBug(false), new FaultParameters(null, null, null, null, null, null, false)
                .complete(FaultKind.DRIVER_BUG, used, KERNEL));
        FaultInjector fresh = new FaultInjector(5, null);
        assertEquals(fresh.draw(FaultKind.BIT_FLIP, KERNEL), used.draw(FaultKind.BIT_FLIP, KERNEL), "the seed's sequence is untouched");
    }

    @Test
    void aDrawnDeviceFailureIsOneTheDeviceCanShow() {
        TimerDevice timer = new TimerDevice("clock", 1_000_000, NanoClock.SYSTEM, null);
        Set<Fault.DeviceMode> seen = EnumSet.noneOf(Fault.DeviceMode.class);
        for (long seed = 1; seed <= 50; seed++) {
            FaultInjector injector = new FaultInjector(seed, null);
            for (int i = 0; i < 4; i++) {
                seen.add(((Fault.DeviceFailure) FaultParameters.NONE.complete(FaultKind.DEVICE_FAILURE, injector, timer)).mode());
            }
        }
        assertEquals(EnumSet.of(Fault.DeviceMode.STOP, Fault.DeviceMode.ERROR), seen, "a timer has nothing to corrupt");
    }
}
