package dev.bulwark.sandbox.app;

/**
 * What a device the sandbox owns tells its app, delivered by the kernel's driver for that device through
 * {@link App#onDevice}. Each event names the device (as the config does) it came from.
 *
 * <p>Events are values the driver made for this delivery: an app may keep one (or its bytes) after the
 * handler returns.
 */
public sealed interface DeviceEvent {
    /** The device's name in the config. */
    String device();

    /**
     * A NIC event for one connection: it {@link Kind#OPENED}, a {@link Kind#FRAME} arrived on it, or it
     * {@link Kind#CLOSED} (the peer went away, or the NIC was reset). Connection ids are unique for the
     * NIC's whole life and never reused. For a NIC with protocol {@code resp} a frame is one command as
     * {@link RespFrame} lays it out.
     *
     * @param frame the frame's bytes (empty for OPENED and CLOSED); verified against the checksum the NIC
     *              computed when it took the frame off the wire
     */
    record NicEvent(String device, long connection, Kind kind, byte[] frame) implements DeviceEvent {
        public enum Kind { OPENED, FRAME, CLOSED }
    }

    /**
     * A block request finished. {@code data} is the page read (page-sized), or null for a write; a request
     * the device failed never completes here: the driver traps on the device's error instead.
     *
     * @param tag what the app passed with the request, returned as is
     */
    record BlockCompletion(String device, long tag, long page, boolean write, byte[] data) implements DeviceEvent {
    }

    /**
     * A timer device's tick: tick number {@code tick} (1, 2, ... for the device's whole life, across restarts
     * of its sandbox) was due at {@code deadlineNanos} and delivered at {@code firedNanos}. Ticks a late kernel
     * missed entirely are not delivered one by one: {@code skipped} says how many were passed over before this.
     */
    record Tick(String device, long tick, long deadlineNanos, long firedNanos, long skipped) implements DeviceEvent {
        /** How late this tick was delivered, in nanoseconds (never negative). */
        public long latenessNanos() {
            return Math.max(0, firedNanos - deadlineNanos);
        }
    }
}
