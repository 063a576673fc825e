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
 * up to {@code batch} a pass; what the app sends is queued for the wire. Watchdog: output queued that the wire
 * has not taken for longer than the driver timeout means the NIC stopped.
 */
final class NicDriver extends DeviceDriver implements NicPort {
    private static final byte[] NO_BYTES = new byte[0];

    private final Nic nic;
    private final int batch;
    private long transmittedSeen = -1;
    private long stalledSince;

    NicDriver(Nic nic, Lease lease, AppDispatch app, long timeoutNanos, NanoClock clock, int batch) {
        super(nic, lease, app, timeoutNanos, clock);
        this.nic = nic;
        this.batch = batch;
    }

    @Override
    public int doWork(long now) {
        checkStatus();
        watchTransmit(now);
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

    @Override
    public long wakeAt(long now) {
        if (nic.hasReceived()) {
            return now;
        }
        return nic.transmitQueued() > 0 ? stalledSince + timeoutNanos + 1 : Long.MAX_VALUE;
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
