package dev.bulwark.sandbox.kernel;

import dev.bulwark.hw.clock.NanoClock;
import dev.bulwark.hw.core.Lease;
import dev.bulwark.hw.device.DeviceTimeoutException;
import dev.bulwark.hw.device.TimerDevice;
import dev.bulwark.sandbox.app.DeviceEvent;

/**
 * Driver of a {@link TimerDevice}: the latest due tick goes to the app as a {@link DeviceEvent.Tick} (with
 * the ticks it passed over), and the kernel sleeps until the next deadline. Watchdog: a tick overdue by more
 * than the driver timeout that the device still does not deliver means the timer stopped.
 */
final class TimerDriver extends DeviceDriver {
    private final TimerDevice timer;

    TimerDriver(TimerDevice timer, Lease lease, AppDispatch app, long timeoutNanos, NanoClock clock) {
        super(timer, lease, app, timeoutNanos, clock);
        this.timer = timer;
    }

    @Override
    public int doWork(long now) {
        checkStatus();
        long tick;
        long skipped;
        lease.enter();
        try {
            tick = timer.due(now);
            skipped = timer.skipped();
        } finally {
            lease.exit();
        }
        if (tick == 0) {
            long overdue = now - timer.nextDeadline();
            if (overdue > timeoutNanos) {
                throw new DeviceTimeoutException(name(), "timer " + name() + " stopped: tick " + (timer.delivered() + 1)
                        + " is " + overdue / 1_000_000 + " ms overdue");
            }
            return 0;
        }
        app.device(new DeviceEvent.Tick(name(), tick, timer.deadlineOf(tick), now, skipped));
        return 1;
    }

    @Override
    public long wakeAt(long now) {
        long next = timer.nextDeadline();
        if (next - now > 0 || timer.failure() == null) {
            return next; // at or before now: a tick is due
        }
        return next + timeoutNanos + 1; // stopped: no tick will come; wake when the watchdog is due

    }
}
