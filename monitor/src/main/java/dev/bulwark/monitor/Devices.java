package dev.bulwark.monitor;

import dev.bulwark.hw.clock.NanoClock;
import dev.bulwark.hw.device.BlockDevice;
import dev.bulwark.hw.device.Console;
import dev.bulwark.hw.device.Device;
import dev.bulwark.hw.device.Nic;
import dev.bulwark.hw.device.NicWire;
import dev.bulwark.hw.device.TimerDevice;
import dev.bulwark.hw.event.EventSink;
import dev.bulwark.monitor.spec.DeviceSpec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chip's devices, owned by the monitor for the chip's whole life (they outlive every incarnation of their
 * owners), with what backs them: a block device's file and controller thread, a NIC's wire (its listening
 * socket). Made before any kernel runs; closed after every kernel has stopped.
 */
final class Devices implements AutoCloseable {
    /** Frames each NIC ring holds: deep enough for many pipelining clients between two kernel passes. */
    static final int NIC_RING_FRAMES = 1 << 14;
    /** Requests a block device keeps in flight at most. */
    static final int BLOCK_QUEUE_DEPTH = 64;

    /**
     * Makes the wire side of a NIC (a real socket server), started: listening when it returns; it connects itself
     * to the NIC ({@link Nic#wire}) with the address it listens on.
     */
    @FunctionalInterface
    interface WireMaker {
        NicWire start(Nic nic, DeviceSpec.Nic spec, EventSink events);
    }

    private final Map<String, Device> byName = new LinkedHashMap<>();
    private final List<NicWire> wires = new ArrayList<>();

    private Devices() {
    }

    /**
     * Makes every device of {@code specs}; if one cannot be made (a file that cannot be opened, a port in use),
     * closes those already made and throws.
     *
     * @throws IllegalStateException naming the device and why
     */
    static Devices open(List<DeviceSpec> specs, int pageBytes, NanoClock clock, EventSink events, WireMaker wires) {
        Devices devices = new Devices();
        try {
            for (DeviceSpec spec : specs) {
                devices.byName.put(spec.name(), switch (spec) {
                    case DeviceSpec.Console c -> new Console(c.name(), events);
                    case DeviceSpec.Timer t -> new TimerDevice(t.name(), t.period().toNanos(), clock, events);
                    case DeviceSpec.Block b -> new BlockDevice(b.name(), b.file(), b.size(), pageBytes, BLOCK_QUEUE_DEPTH, events);
                    case DeviceSpec.Nic n -> {
                        Nic nic = new Nic(n.name(), NIC_RING_FRAMES, events);
                        devices.wires.add(wires.start(nic, n, events));
                        yield nic;
                    }
                });
            }
        } catch (RuntimeException e) {
            devices.close();
            throw new IllegalStateException("device setup failed: " + Causes.describe(e), e);
        }
        return devices;
    }

    /** The device named {@code name}, or null. */
    Device get(String name) {
        return byName.get(name);
    }

    Collection<Device> all() {
        return byName.values();
    }

    /** Closes every wire (no more connections) and block device (its file). */
    @Override
    public void close() {
        for (NicWire w : wires) {
            w.close();
        }
        for (Device d : byName.values()) {
            if (d instanceof BlockDevice b) {
                b.close();
            }
        }
    }
}
