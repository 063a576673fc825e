package dev.bulwark.sandbox.kernel;

import dev.bulwark.hw.clock.NanoClock;
import dev.bulwark.hw.core.Lease;
import dev.bulwark.hw.device.Console;
import dev.bulwark.sandbox.app.ConsolePort;

/** Driver of a {@link Console}: output only, so it has no work of its own. */
final class ConsoleDriver extends DeviceDriver implements ConsolePort {
    private final Console console;

    ConsoleDriver(Console console, Lease lease, AppDispatch app, long timeoutNanos, NanoClock clock) {
        super(console, lease, app, timeoutNanos, clock);
        this.console = console;
    }

    @Override
    public int doWork(long now) {
        return 0;
    }

    @Override
    public long wakeAt(long now) {
        return Long.MAX_VALUE;
    }

    @Override
    public String device() {
        return name();
    }

    @Override
    public void println(String line) {
        lease.enter();
        try {
            console.println(line);
        } finally {
            lease.exit();
        }
    }
}
