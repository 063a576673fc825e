package dev.bulwark.sandbox.kernel;

import dev.bulwark.hw.clock.NanoClock;
import dev.bulwark.hw.core.Lease;
import dev.bulwark.hw.device.BlockDevice;
import dev.bulwark.hw.device.Console;
import dev.bulwark.hw.device.Device;
import dev.bulwark.hw.device.DeviceErrorException;
import dev.bulwark.hw.device.Nic;
import dev.bulwark.hw.device.TimerDevice;
import dev.bulwark.hw.fault.Fault;

/**
 * The kernel's driver for one device its sandbox owns: an event source that takes what the device
 * published (frames, completions, ticks) to the app, and the port the app uses to reach the device.
 *
 * <h2>Detection</h2>
 * A driver is where device failures are noticed: an error the device reports (each pass reads its status,
 * as a driver takes an error interrupt) is a {@link DeviceErrorException}; data that fails its checksum a
 * {@code DeviceCorruptionException}; a device that stopped moving data for longer than the driver timeout a
 * {@code DeviceTimeoutException}. Each escapes the kernel as a trap.
 *
 * <p>Every device operation runs under the incarnation's {@link Lease}, so once the monitor revoked it no
 * operation of a zombie driver is under way and the device can be reset for the successor.
 */
abstract sealed class DeviceDriver implements EventSource permits NicDriver, BlockDriver, TimerDriver, ConsoleDriver {
    protected final Lease lease;
    protected final AppDispatch app;
    protected final long timeoutNanos;
    protected final NanoClock clock;
    private final Device device;

    DeviceDriver(Device device, Lease lease, AppDispatch app, long timeoutNanos, NanoClock clock) {
        this.device = device;
        this.clock = clock;
        this.lease = lease;
        this.app = app;
        this.timeoutNanos = timeoutNanos;
    }

    /** The driver for {@code device}. */
    static DeviceDriver of(Device device, Lease lease, AppDispatch app, KernelConfig config, NanoClock clock) {
        long timeout = config.driverTimeoutNanos();
        return switch (device) {
            case Nic nic -> new NicDriver(nic, lease, app, timeout, clock, config.pollBatch());
            case BlockDevice block -> new BlockDriver(block, lease, app, timeout, clock, config.pollBatch());
            case TimerDevice timer -> new TimerDriver(timer, lease, app, timeout, clock);
            case Console console -> new ConsoleDriver(console, lease, app, timeout, clock);
        };
    }

    final Device hardware() {
        return device;
    }

    final String name() {
        return device.name();
    }

    /** The device's status register: an error it reports fails the driver. Owner's thread. */
    protected final void checkStatus() {
        if (device.failure() == Fault.DeviceMode.ERROR) {
            throw new DeviceErrorException(name(), device + " reports a hardware error");
        }
    }
}
