package dev.bulwark.hw.device;

import dev.bulwark.hw.core.Doorbell;
import dev.bulwark.hw.event.EventSink;
import dev.bulwark.hw.fault.Fault;
import dev.bulwark.hw.fault.FaultKind;
import dev.bulwark.hw.fault.FaultRefusedException;
import dev.bulwark.hw.fault.FaultTarget;

import java.util.EnumSet;
import java.util.Set;

/**
 * A device on the chip. Like a channel, a device belongs to the monitor, not to a kernel: it is made once
 * with the chip, granted to exactly one sandbox, and survives that sandbox's restarts. Each incarnation of
 * the owner {@link #attach attaches} (the device resets what the failed one left half done and clears an
 * injected failure, as a driver's reset of real hardware does) and from then on the device rings that
 * incarnation's doorbell whenever it has something for the driver.
 *
 * <h2>Failure (DEVICE_FAILURE)</h2>
 * An injected {@link Fault.DeviceFailure} puts the device in a failure {@link Fault.DeviceMode mode} until
 * the next attach: STOP (it stops moving data: the driver's watchdog notices), ERROR (operations answer with
 * an error: {@link DeviceErrorException}), CORRUPT (it corrupts a frame or page after checksumming it: the
 * driver's check notices, {@link DeviceCorruptionException}). A kind that cannot fail in a mode refuses it.
 *
 * <p>Threading: {@code owner} and {@code failure} are volatile: the monitor attaches and the injector fails
 * a device from their threads, the device's own threads and the owning kernel read them.
 */
public abstract sealed class Device implements FaultTarget permits Console, TimerDevice, Nic, BlockDevice {
    private static final Set<FaultKind> FAULTS = EnumSet.of(FaultKind.DEVICE_FAILURE);

    private final String name;
    private final DeviceKind kind;
    protected final EventSink events;
    private volatile Doorbell owner;
    private volatile String ownerName = "";
    private volatile int ownerIncarnation;
    private volatile Fault.DeviceMode failure;

    protected Device(String name, DeviceKind kind, EventSink events) {
        this.name = name;
        this.kind = kind;
        this.events = events;
    }

    public final String name() {
        return name;
    }

    public final DeviceKind kind() {
        return kind;
    }

    /**
     * Incarnation {@code incarnation} of sandbox {@code sandbox} takes the device over; it is woken through
     * {@code doorbell}. Everything the previous incarnation left half done is reset ({@link #reset}) and an
     * injected failure is cleared. Called by the monitor before the incarnation's thread starts.
     */
    public final void attach(String sandbox, int incarnation, Doorbell doorbell) {
        String dropped = ownerIncarnation == 0 ? "" : reset();
        failure = null;
        ownerName = sandbox;
        ownerIncarnation = incarnation;
        owner = doorbell;
        attached();
        events.record(nanos -> new DeviceActivity.Attached(nanos, name, sandbox, incarnation, dropped));
    }

    /** The incarnation that has the device now (0 before the first attach). */
    public final int ownerIncarnation() {
        return ownerIncarnation;
    }

    /** The sandbox the device belongs to ("" before the first attach). */
    public final String ownerName() {
        return ownerName;
    }

    /**
     * Resets the device for a new incarnation of its owner: drops what the failed one left half done.
     * Returns what was dropped, in words ("" if nothing), for the attach event.
     */
    protected abstract String reset();

    /** Called at every attach, after the reset, before the new owner can run (a timer starts its clock at the first). */
    protected void attached() {
    }

    /** Wakes the owning kernel: the device has published something for its driver. Any thread. */
    protected final void ringOwner() {
        Doorbell d = owner;
        if (d != null) {
            d.ring();
        }
    }

    /** The failure mode injected since the last attach, or null. */
    public final Fault.DeviceMode failure() {
        return failure;
    }

    /** The failure modes this kind of device can show: its {@link DeviceKind#failureModes()}. */
    protected final Set<Fault.DeviceMode> failureModes() {
        return kind.failureModes();
    }

    /** Called once a failure mode is set, on the injecting thread (a device with threads of its own wakes them). */
    protected void failed(Fault.DeviceMode mode) {
    }

    @Override
    public final String targetName() {
        return name;
    }

    @Override
    public final Set<FaultKind> acceptedFaults() {
        return failureModes().isEmpty() ? Set.of() : FAULTS;
    }

    @Override
    public final void inject(Fault fault) {
        if (!(fault instanceof Fault.DeviceFailure(Fault.DeviceMode mode))) {
            throw new IllegalArgumentException(name + " does not accept " + fault.kind());
        }
        if (!failureModes().contains(mode)) {
            throw new FaultRefusedException("a " + kind.configName() + " device cannot fail in mode " + mode
                    + " (it can: " + failureModes() + ")");
        }
        failure = mode;
        failed(mode);
        ringOwner(); // the driver may be asleep: it notices an ERROR at its next operation
    }

    @Override
    public String toString() {
        return kind.configName() + " " + name;
    }
}
