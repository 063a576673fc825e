package dev.bulwark.hw.device;

import dev.bulwark.hw.event.Event;

/** What devices record in the chip's event log. */
public sealed interface DeviceActivity extends Event {
    /** The device's name. */
    String device();

    /**
     * Incarnation {@code incarnation} of {@code sandbox} attached the device; {@code dropped} says what the
     * reset dropped of the previous incarnation's half-done work ("" if nothing, or at first boot).
     */
    record Attached(long nanos, String device, String sandbox, int incarnation, String dropped) implements DeviceActivity {
    }

    /** A NIC's wire side is accepting connections at {@code address}. */
    record Listening(long nanos, String device, String address) implements DeviceActivity {
    }

    /** A line the owner printed on a console. */
    record ConsoleLine(long nanos, String device, String sandbox, String line) implements DeviceActivity {
    }

    /** The wire side of a device failed by itself (not injected): {@code what} says how. */
    record WireFault(long nanos, String device, String what) implements DeviceActivity {
    }
}
