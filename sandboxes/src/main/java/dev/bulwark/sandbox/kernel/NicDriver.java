package dev.bulwark.sandbox.kernel;

import dev.bulwark.hw.clock.NanoClock;
import dev.bulwark.hw.core.Lease;
import dev.bulwark.hw.device.DeviceCorruptionException;
import dev.bulwark.hw.device.DeviceTimeoutException;
import dev.bulwark.hw.device.Nic;
import dev.bulwark.sandbox.app.DeviceEvent;
import dev.bulwark.sandbox.app.NicPort;

/**
 * Driver of a {@link Nic}: received frames (checksum verified) go to the app as {@link DeviceEvent.NicEvent}s,
 * up to {@code batch} a pass; what the app sends is queued for the wire. Watchdog, both ways: output queued that
 * the wire has not taken, or input the wire holds while the receive ring is empty and nothing was delivered,
 * for longer than the driver timeout means the NIC stopped.
 */
final class NicDriver extends DeviceDriver implements NicPort {
    private static final byte[] NO_BYTES = new byte[0];

    private final Nic nic;
    private final int batch;
    private long transmittedSeen = -1;
    private long stalledSince;
    private long deliveredSeen = -1;
    /** Whether the wire holds input the ring lacks; since when, with nothing delivered (valid while watching). */
    private boolean receiveWatching;
    private long receiveStalledSince;

    NicDriver(Nic nic, Lease lease, AppDispatch app, long timeoutNanos, NanoClock clock, int batch) {
        super(nic, lease, app, timeoutNanos, clock);
        this.nic = nic;
        this.batch = batch;
    }

    @Override
    public int doWork(long now) {
        checkStatus();
        watchTransmit(now);
        watchReceive(now);
        int work = 0;
        while (work < batch && nic.hasReceived()) {
            Nic.RxFrame f;
            lease.enter();
            try {
                f = nic.receive();
            } finally {
                lease.exit();
            }
            if (f == null) {
                break;
            }
            if (!f.intact()) {
                throw new DeviceCorruptionException(name(), "NIC " + name() + ": a frame of connection "
                        + f.connection() + " failed its checksum");
            }
            app.device(new DeviceEvent.NicEvent(name(), f.connection(), switch (f.kind()) {
                case OPENED -> DeviceEvent.NicEvent.Kind.OPENED;
                case DATA -> DeviceEvent.NicEvent.Kind.FRAME;
                case CLOSED -> DeviceEvent.NicEvent.Kind.CLOSED;
            }, f.bytes()));
            work++;
        }
        return work;
    }

    private void watchTransmit(long now) {
        long transmitted = nic.transmitted();
        if (nic.transmitQueued() == 0 || transmitted != transmittedSeen) {
            transmittedSeen = transmitted;
            stalledSince = now;
        } else if (now - stalledSince > timeoutNanos) {
            throw new DeviceTimeoutException(name(), "NIC " + name() + " took no output for "
                    + (now - stalledSince) / 1_000_000 + " ms with " + nic.transmitQueued() + " frame(s) queued");
        }
    }

    /** Counts from the first pass that sees input held with an empty ring (a kernel may have slept long before). */
    private void watchReceive(long now) {
        long delivered = nic.delivered();
        boolean waiting = nic.receiveHeld() && !nic.hasReceived();
        if (!waiting || !receiveWatching || delivered != deliveredSeen) {
            deliveredSeen = delivered;
            receiveWatching = waiting;
            receiveStalledSince = now;
        } else if (now - receiveStalledSince > timeoutNanos) {
            throw new DeviceTimeoutException(name(), "NIC " + name() + " delivered no received frame for "
                    + (now - receiveStalledSince) / 1_000_000 + " ms while the wire held some");
        }
    }

    @Override
    public long wakeAt(long now) {
        if (nic.hasReceived()) {
            return now;
        }
        long at = Long.MAX_VALUE;
        if (nic.transmitQueued() > 0) {
            at = stalledSince + timeoutNanos + 1;
        }
        if (nic.receiveHeld() && !receiveWatching) {
            return now; // a pass starts the watch
        }
        if (receiveWatching) {
            long receiveAt = receiveStalledSince + timeoutNanos + 1;
            at = at == Long.MAX_VALUE || receiveAt - at < 0 ? receiveAt : at;
        }
        return at;
    }

    @Override
    public String device() {
        return name();
    }

    @Override
    public String address() {
        return nic.address();
    }

    @Override
    public boolean send(long connection, byte[] bytes, int offset, int length) {
        byte[] copy = length == 0 ? NO_BYTES : java.util.Arrays.copyOfRange(bytes, offset, offset + length);
        return transmit(connection, copy);
    }

    @Override
    public boolean close(long connection) {
        return transmit(connection, null);
    }

    private boolean transmit(long connection, byte[] bytes) {
        lease.enter();
        try {
            return nic.transmit(connection, bytes);
        } finally {
            lease.exit();
        }
    }
}
