package dev.bulwark.hw.device;

import dev.bulwark.hw.event.EventSink;
import dev.bulwark.hw.fault.Fault;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;

/**
 * A network interface: frames in (receive ring) and out (transmit ring) for numbered connections, moved to
 * and from real sockets by its {@link NicWire}. The wire's thread is the only producer of the receive ring
 * and the only consumer of the transmit ring; the owning kernel's driver is the other end of both.
 *
 * <h2>Frames</h2>
 * A received frame carries the CRC-32C the NIC computed when it took the frame off the wire (an FCS); the
 * driver checks it ({@link RxFrame#intact()}). Connection ids are unique for the NIC's life.
 *
 * <h2>Failure</h2>
 * STOP: the NIC stops moving frames both ways ({@link #deliver} refuses, {@link #takeTransmit} gives
 * nothing), so queued output, or input the wire holds for want of delivery, waits until the driver's watchdog
 * notices; ERROR: the driver's operations throw {@link DeviceErrorException}; CORRUPT: a bit of each received
 * frame flips after its checksum was computed.
 *
 * <h2>What the driver's watchdog reads</h2>
 * Two progress counters and a flag, each written by the wire's thread only (release) and read by the driver
 * (acquire): {@code transmitted} (frames the wire took to write), {@code delivered} (frames the wire put in the
 * receive ring) and {@code receiveHeld} (the wire holds a frame {@link #deliver} refused: set at the refusal,
 * cleared at the next delivery). Held input with an empty receive ring and no delivery for the driver timeout
 * means the NIC stopped taking frames, even when no output waits: a quiet client's command must not wait
 * forever.
 */
public final class Nic extends Device {
    private static final VarHandle TRANSMITTED;
    private static final VarHandle DELIVERED;
    private static final VarHandle RECEIVE_HELD;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            TRANSMITTED = lookup.findVarHandle(Nic.class, "transmitted", long.class);
            DELIVERED = lookup.findVarHandle(Nic.class, "delivered", long.class);
            RECEIVE_HELD = lookup.findVarHandle(Nic.class, "receiveHeld", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** What a received frame is. */
    public enum FrameKind { OPENED, DATA, CLOSED }

    /** A frame off the wire, for the driver. */
    public record RxFrame(long connection, FrameKind kind, byte[] bytes, int crc) {
        /** Whether the bytes still match the checksum taken at reception. */
        public boolean intact() {
            return checksum(bytes) == crc;
        }
    }

    /** A frame for the wire: bytes to write to {@code connection}, or (bytes null) close it. */
    public record TxFrame(long connection, byte[] bytes) {
    }

    private static final byte[] NO_BYTES = new byte[0];

    private final SpscRing<RxFrame> receive;
    private final SpscRing<TxFrame> transmit;
    private final AtomicLong connections = new AtomicLong();
    private volatile NicWire wire;
    private volatile String address = "";
    @SuppressWarnings("unused") // through TRANSMITTED
    private volatile long transmitted;
    @SuppressWarnings("unused") // through DELIVERED
    private volatile long delivered;
    @SuppressWarnings("unused") // through RECEIVE_HELD
    private volatile boolean receiveHeld;

    /** A NIC whose rings hold {@code ringFrames} frames each. */
    public Nic(String name, int ringFrames, EventSink events) {
        super(name, DeviceKind.NIC, events);
        this.receive = new SpscRing<>(ringFrames);
        this.transmit = new SpscRing<>(ringFrames);
    }

    /** Connects the wire side (once, before the owner runs), listening at {@code address} ("127.0.0.1:6379"). */
    public void wire(NicWire w, String address) {
        this.wire = w;
        this.address = address;
    }

    /** Where the wire side listens ("127.0.0.1:6379"; "" before it is wired). */
    public String address() {
        return address;
    }

    // ---- wire side: the wire's one thread --------------------------------------------------------------

    /** A fresh connection id. */
    public long newConnection() {
        return connections.incrementAndGet();
    }

    /**
     * Queues a received frame for the driver and wakes it. Returns false, queuing nothing, if the receive
     * ring is full or the NIC is stopped: the wire holds the frame and stops reading until it can try again.
     */
    public boolean deliver(long connection, FrameKind kind, byte[] bytes) {
        if (failure() == Fault.DeviceMode.STOP) {
            return refused();
        }
        byte[] b = bytes == null ? NO_BYTES : bytes;
        int crc = checksum(b);
        if (failure() == Fault.DeviceMode.CORRUPT && b.length > 0) {
            b = b.clone();
            b[b.length / 2] ^= 0x10; // after the FCS was taken: the driver's check finds it
        }
        if (!receive.offer(new RxFrame(connection, kind, b, crc))) {
            return refused();
        }
        DELIVERED.setRelease(this, (long) DELIVERED.getOpaque(this) + 1);
        RECEIVE_HELD.setRelease(this, false);
        ringOwner();
        return true;
    }

    /** The wire now holds a frame: the first refusal wakes the driver so its watchdog starts counting. */
    private boolean refused() {
        if (!(boolean) RECEIVE_HELD.getOpaque(this)) {
            RECEIVE_HELD.setRelease(this, true);
            ringOwner();
        }
        return false;
    }

    /** The next frame to write, or null (none, or the NIC is stopped). */
    public TxFrame takeTransmit() {
        if (failure() == Fault.DeviceMode.STOP) {
            return null;
        }
        TxFrame f = transmit.poll();
        if (f != null) {
            TRANSMITTED.setRelease(this, (long) TRANSMITTED.getOpaque(this) + 1);
        }
        return f;
    }

    // ---- driver side: the owning kernel's thread, under its lease ---------------------------------------

    /**
     * The next received frame, or null.
     *
     * @throws DeviceErrorException if the NIC is failing with errors
     */
    public RxFrame receive() {
        failIfErroring();
        return receive.poll();
    }

    /** Whether a received frame waits (any thread; a snapshot). */
    public boolean hasReceived() {
        return !receive.isEmpty();
    }

    /**
     * Queues {@code bytes} (null: close) for {@code connection}. Returns false if the transmit ring is full.
     *
     * @throws DeviceErrorException if the NIC is failing with errors
     */
    public boolean transmit(long connection, byte[] bytes) {
        failIfErroring();
        if (!transmit.offer(new TxFrame(connection, bytes))) {
            return false;
        }
        NicWire w = wire;
        if (w != null) {
            w.transmitReady();
        }
        return true;
    }

    /** Frames queued for the wire and not yet taken. */
    public int transmitQueued() {
        return transmit.size();
    }

    /** Frames the wire has taken to write, in the NIC's whole life. */
    public long transmitted() {
        return (long) TRANSMITTED.getAcquire(this);
    }

    /** Frames the wire has put in the receive ring, in the NIC's whole life. */
    public long delivered() {
        return (long) DELIVERED.getAcquire(this);
    }

    /** Whether the wire holds a received frame the NIC refused and has not delivered anything since. */
    public boolean receiveHeld() {
        return (boolean) RECEIVE_HELD.getAcquire(this);
    }

    private void failIfErroring() {
        if (failure() == Fault.DeviceMode.ERROR) {
            throw new DeviceErrorException(name(), "NIC " + name() + " reports a hardware error");
        }
    }

    /** CRC-32C of {@code bytes}: the NIC's frame check sequence. */
    static int checksum(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return (int) crc.getValue();
    }

    /**
     * Drops the frames received for the failed incarnation (the monitor's thread is their consumer now: the
     * failed one's lease was revoked) and has the wire close every open connection.
     */
    @Override
    protected String reset() {
        int dropped = receive.drain();
        NicWire w = wire;
        if (w != null) {
            w.reset();
        }
        return "reset: " + dropped + " received frame(s) dropped, open connections closed";
    }
}
