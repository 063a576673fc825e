package dev.bulwark.hw.fault;

import dev.bulwark.hw.event.EventSink;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A seeded source of faults. Every random choice (which target, which kind, which bit) comes from one
 * {@link SplittableRandom} seeded at construction, so a campaign replays exactly from its seed; every
 * injection is recorded as a {@link FaultInjected} event before the fault is delivered, and a target
 * that cannot take it at that moment ({@link FaultRefusedException}) has the refusal recorded right after
 * as a {@link FaultRefused} with the same sequence number, so no injection is ever silently lost.
 *
 * <p>Threading: one thread drives an injector (the campaign or demo thread); it is not thread-safe.
 */
public final class FaultInjector {
    private final SplittableRandom random;
    private final EventSink events;
    private long injected;

    public FaultInjector(long seed, EventSink events) {
        this.random = new SplittableRandom(seed);
        this.events = events;
    }

    /** Draws the parameters of a fault of {@code kind} for {@code target} from the seed. */
    public Fault draw(FaultKind kind, FaultTarget target) {
        return switch (kind) {
            case KERNEL_PANIC -> new Fault.KernelPanic(random.nextBoolean() ? Fault.Site.KERNEL : Fault.Site.APP);
            case HANG -> new Fault.Hang();
            case BIT_FLIP -> drawBitFlip(target, random.nextBoolean() ? MemoryArea.KERNEL_DATA : MemoryArea.APP_DATA);
            case WILD_WRITE -> new Fault.WildWrite(1 + random.nextLong(1L << 20));
            case CORE_FAIL_STOP -> new Fault.CoreFailStop();
            case DEVICE_FAILURE -> new Fault.DeviceFailure(Fault.DeviceMode.values()[random.nextInt(3)]);
            case DRIVER_BUG -> new Fault.DriverBug(random.nextBoolean());
            case MESSAGE_CORRUPTION -> new Fault.MessageCorruption(random.nextInt(Fault.MessageCorruption.BITS));
            case MONITOR_FAULT -> new Fault.MonitorFault();
        };
    }

    /** A seeded bit flip inside {@code area} of {@code target}. */
    public Fault.BitFlip drawBitFlip(FaultTarget target, MemoryArea area) {
        long bytes = target.areaBytes(area);
        if (bytes <= 0) {
            throw new IllegalArgumentException(target.targetName() + " has no " + area + " to flip a bit in");
        }
        return new Fault.BitFlip(area, random.nextLong(bytes), random.nextInt(8));
    }

    /** Picks a target that accepts {@code kind}, draws a fault of that kind for it, and injects it. */
    public FaultInjected injectRandom(FaultKind kind, List<? extends FaultTarget> targets) {
        List<FaultTarget> able = new ArrayList<>();
        for (FaultTarget t : targets) {
            if (t.acceptedFaults().contains(kind)) {
                able.add(t);
            }
        }
        if (able.isEmpty()) {
            throw new IllegalArgumentException("no target accepts " + kind + " among " + targets);
        }
        FaultTarget target = able.get(random.nextInt(able.size()));
        return inject(target, draw(kind, target));
    }

    /**
     * Records the injection as an event, then delivers {@code fault} to {@code target}.
     *
     * @throws IllegalArgumentException if {@code target} never takes faults of this kind (nothing recorded)
     * @throws FaultRefusedException    if {@code target} could not take it now (recorded as {@link FaultRefused})
     */
    public FaultInjected inject(FaultTarget target, Fault fault) {
        Set<FaultKind> accepted = target.acceptedFaults();
        if (!accepted.contains(fault.kind())) {
            throw new IllegalArgumentException(target.targetName() + " does not accept " + fault.kind()
                    + " (it accepts " + accepted + ")");
        }
        long seq = ++injected;
        String name = target.targetName();
        FaultInjected record = events.record(nanos -> new FaultInjected(nanos, seq, name, fault));
        try {
            target.inject(fault);
        } catch (FaultRefusedException refused) {
            events.record(nanos -> new FaultRefused(nanos, seq, name, refused.getMessage()));
            throw refused;
        }
        return record;
    }
}
