package dev.bulwark.sandbox.kernel;

import dev.bulwark.hw.clock.NanoClock;
import dev.bulwark.hw.core.Lease;
import dev.bulwark.hw.device.BlockDevice;
import dev.bulwark.hw.device.DeviceCorruptionException;
import dev.bulwark.hw.device.DeviceErrorException;
import dev.bulwark.hw.device.DeviceTimeoutException;
import dev.bulwark.sandbox.app.BlockPort;
import dev.bulwark.sandbox.app.DeviceEvent;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Driver of a {@link BlockDevice}: the app's reads and writes become requests stamped with the device's
 * current generation; completions (checksum verified, those of an older generation ignored) go to the app as
 * {@link DeviceEvent.BlockCompletion}s. The controller completes requests in order, so the oldest in flight is
 * the head of {@code submitted}; the watchdog fails the device when it waits longer than the driver timeout.
 */
final class BlockDriver extends DeviceDriver implements BlockPort {
    private final BlockDevice block;
    private final int batch;
    /** The device's generation for this incarnation: read at start, after the monitor attached the device. */
    private int generation = -1;
    /** Submit times of the requests in flight, oldest first. */
    private final ArrayDeque<Long> submitted = new ArrayDeque<>();

    BlockDriver(BlockDevice block, Lease lease, AppDispatch app, long timeoutNanos, NanoClock clock, int batch) {
        super(block, lease, app, timeoutNanos, clock);
        this.block = block;
        this.batch = batch;
    }

    @Override
    public void onStart() {
        generation = block.generation();
    }

    @Override
    public int doWork(long now) {
        checkStatus();
        int work = 0;
        while (work < batch && block.hasCompleted()) {
            BlockDevice.Completion c;
            lease.enter();
            try {
                c = block.poll();
            } finally {
                lease.exit();
            }
            if (c == null) {
                break;
            }
            if (c.generation() != generation) {
                continue;
            }
            submitted.poll();
            if (c.error() != null) {
                throw new DeviceErrorException(name(), "block device " + name() + ", page " + c.page() + ": " + c.error());
            }
            if (!c.intact()) {
                throw new DeviceCorruptionException(name(), "block device " + name() + ": page " + c.page()
                        + " failed its checksum");
            }
            app.device(new DeviceEvent.BlockCompletion(name(), c.tag(), c.page(), c.write(), c.data()));
            work++;
        }
        Long oldest = submitted.peek();
        if (oldest != null && now - oldest > timeoutNanos) {
            throw new DeviceTimeoutException(name(), "block device " + name() + " left a request unanswered for "
                    + (now - oldest) / 1_000_000 + " ms (" + submitted.size() + " in flight)");
        }
        return work;
    }

    @Override
    public long wakeAt(long now) {
        if (block.hasCompleted()) {
            return now;
        }
        Long oldest = submitted.peek();
        return oldest == null ? Long.MAX_VALUE : oldest + timeoutNanos + 1;
    }

    @Override
    public String device() {
        return name();
    }

    @Override
    public int pageBytes() {
        return block.pageBytes();
    }

    @Override
    public long pages() {
        return block.pages();
    }

    @Override
    public long byteSize() {
        return block.byteSize();
    }

    @Override
    public boolean read(long page, long tag) {
        return submit(new BlockDevice.Request(tag, page, null, generation));
    }

    @Override
    public boolean write(long page, byte[] data, long tag) {
        return submit(new BlockDevice.Request(tag, page, Arrays.copyOf(data, data.length), generation));
    }

    @Override
    public int inFlight() {
        return submitted.size();
    }

    private boolean submit(BlockDevice.Request request) {
        if (submitted.size() >= block.queueDepth()) {
            return false;
        }
        boolean taken;
        lease.enter();
        try {
            taken = block.submit(request);
        } finally {
            lease.exit();
        }
        if (taken) {
            submitted.add(clock.nanoTime());
        }
        return taken;
    }
}
