package dev.bulwark.hw.device;

import dev.bulwark.hw.clock.NanoClock;
import dev.bulwark.hw.event.EventSink;
import dev.bulwark.hw.fault.Fault;


/**
 * A periodic timer: tick {@code k} (1, 2, ...) is due at {@code origin + k * period}, where the origin is the
 * moment of the first attach. The device counts the ticks it has delivered for its whole life, so a restarted
 * owner goes on from the tick after the last one its predecessor took rather than from 1.
 *
 * <p>The owning kernel's driver asks {@link #due} on each pass and sleeps until {@link #nextDeadline}; a
 * late driver gets the latest due tick, and {@link #skipped} says how many it passed over.
 *
 * <p>Failure: STOP (no tick becomes due any more: the driver's watchdog sees the deadline pass by far),
 * ERROR ({@link #due} throws {@link DeviceErrorException}). A timer has no data to corrupt.
 *
 * <p>Threading: {@link #due}, {@link #nextDeadline} and {@link #skipped} run on the owning kernel's thread
 * under its lease. {@code delivered} is plain: a successor reads it only after the monitor revoked its
 * predecessor's lease (which waited out any call under way) and started the successor's thread.
 */
public final class TimerDevice extends Device {
    private final NanoClock clock;
    private final long periodNanos;
    private volatile long origin;
    private long delivered;
    private long skipped;

    public TimerDevice(String name, long periodNanos, NanoClock clock, EventSink events) {
        super(name, DeviceKind.TIMER, events);
        if (periodNanos <= 0) {
            throw new IllegalArgumentException(name + ": timer period " + periodNanos + " ns is not positive");
        }
        this.periodNanos = periodNanos;
        this.clock = clock;
    }

    public long periodNanos() {
        return periodNanos;
    }

    /** When tick {@code tick} is (or was) due. */
    public long deadlineOf(long tick) {
        return origin + tick * periodNanos;
    }

    /** The deadline of the next tick to deliver. */
    public long nextDeadline() {
        return deadlineOf(delivered + 1);
    }

    /**
     * The latest tick due at {@code now} and not yet delivered, which is delivered by this call; 0 if none
     * is due (or the timer is stopped). Ticks due before it are passed over ({@link #skipped}).
     *
     * @throws DeviceErrorException if the timer is failing with errors
     */
    public long due(long now) {
        Fault.DeviceMode mode = failure();
        if (mode == Fault.DeviceMode.ERROR) {
            throw new DeviceErrorException(name(), "timer " + name() + " reports an error");
        }
        if (mode == Fault.DeviceMode.STOP || now - nextDeadline() < 0) {
            return 0;
        }
        long latest = (now - origin) / periodNanos;
        skipped = latest - delivered - 1;
        delivered = latest;
        return latest;
    }

    /** How many ticks the last {@link #due} passed over. */
    public long skipped() {
        return skipped;
    }

    /** Ticks delivered so far, across every owner incarnation. */
    public long delivered() {
        return delivered;
    }

    @Override
    protected String reset() {
        return "";
    }

    /** The first attach starts the clock: tick 1 is due a period later. */
    @Override
    protected void attached() {
        if (origin == 0) {
            origin = clock.nanoTime();
        }
    }
}
