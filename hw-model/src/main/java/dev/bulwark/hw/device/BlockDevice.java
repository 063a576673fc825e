package dev.bulwark.hw.device;

import dev.bulwark.hw.event.EventSink;
import dev.bulwark.hw.fault.Fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.CRC32C;

/**
 * A file-backed block device: page-sized reads and writes, submitted by the owning kernel's driver into a
 * request ring and completed by the device's own controller thread into a completion ring, so a core never
 * waits for the disk. A read of the last page returns zeros past the device's end.
 *
 * <h2>Generations</h2>
 * Each attach starts a new generation. A request carries the generation it was submitted in, and its
 * completion too; the controller skips requests of an older generation and the driver ignores completions of
 * one, so what a failed owner left in flight never reaches its successor (the rings themselves are not
 * touched by the monitor: the controller thread stays their consumer and producer).
 *
 * <h2>Failure</h2>
 * STOP: the controller stops taking requests (the driver's watchdog sees the oldest one wait too long);
 * ERROR: each request completes with an error; CORRUPT: a page read flips a bit after its checksum was taken
 * (the driver's check finds it). An I/O error of the real file is an error completion too.
 *
 * <p>Threading: submit/poll on the owner's thread under its lease; the controller thread does the I/O;
 * {@code generation} is volatile (the monitor bumps it at attach).
 */
public final class BlockDevice extends Device implements AutoCloseable {
    /** A request: read {@code page} (data null) or write {@code data} to it. */
    public record Request(long tag, long page, byte[] data, int generation) {
    }

    /** A finished request; {@code error} non-null if it failed; {@code crc} covers {@code data} as read from the file. */
    public record Completion(long tag, long page, boolean write, byte[] data, int crc, String error, int generation) {
        public boolean intact() {
            return data == null || Nic.checksum(data) == crc;
        }
    }

    private final Path path;
    private final FileChannel file;
    private final int pageBytes;
    private final long byteSize;
    private final SpscRing<Request> requests;
    private final SpscRing<Completion> completions;
    private final Thread controller;
    private volatile int generation;
    private volatile boolean closed;

    /**
     * Opens {@code path} (created, {@code size} bytes long, if {@code size} is positive and the file is
     * missing or shorter; otherwise the device is as long as the file) as a device of {@code pageBytes} pages
     * with room for {@code queueDepth} requests in flight.
     *
     * @throws UncheckedIOException if the file cannot be opened
     */
    public BlockDevice(String name, Path path, long size, int pageBytes, int queueDepth, EventSink events) {
        super(name, DeviceKind.BLOCK, events);
        this.path = path;
        this.pageBytes = pageBytes;
        try {
            this.file = size > 0
                    ? FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)
                    : FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            if (size > file.size()) {
                file.write(ByteBuffer.allocate(1), size - 1);
            }
            this.byteSize = size > 0 ? size : file.size();
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": cannot open " + path + ": " + e.getMessage(), e);
        }
        this.requests = new SpscRing<>(queueDepth);
        this.completions = new SpscRing<>(queueDepth);
        this.controller = Thread.ofPlatform().name("block-" + name).daemon(true).start(this::control);
    }

    public Path path() {
        return path;
    }

    public int pageBytes() {
        return pageBytes;
    }

    public long byteSize() {
        return byteSize;
    }

    public long pages() {
        return (byteSize + pageBytes - 1) / pageBytes;
    }

    /** How many requests may be in flight at once. */
    public int queueDepth() {
        return requests.capacity();
    }

    /** The current generation (the driver stamps its requests with it and ignores older completions). */
    public int generation() {
        return generation;
    }

    // ---- driver side: the owning kernel's thread, under its lease ---------------------------------------

    /** Queues {@code request} for the controller; false if the ring is full. */
    public boolean submit(Request request) {
        if (request.page() < 0 || request.page() >= pages()) {
            throw new IndexOutOfBoundsException(name() + ": page " + request.page() + " is not in [0, " + pages() + ")");
        }
        if (request.data() != null && request.data().length > pageBytes) {
            throw new IndexOutOfBoundsException(name() + ": " + request.data().length + " bytes do not fit a "
                    + pageBytes + "-byte page");
        }
        if (!requests.offer(request)) {
            return false;
        }
        LockSupport.unpark(controller);
        return true;
    }

    /** The next completion, or null. */
    public Completion poll() {
        return completions.poll();
    }

    /** Whether a completion waits (any thread; a snapshot). */
    public boolean hasCompleted() {
        return !completions.isEmpty();
    }

    // ---- the controller ------------------------------------------------------------------------------

    private void control() {
        while (!closed) {
            Request r = failure() == Fault.DeviceMode.STOP ? null : requests.poll();
            if (r == null) {
                LockSupport.parkNanos(1_000_000); // a submit unparks; a stop is rechecked each millisecond
                continue;
            }
            if (r.generation() != generation) {
                continue; // left by a failed owner
            }
            Completion c = perform(r);
            while (!completions.offer(c)) { // the driver keeps at most queueDepth in flight: a full ring is brief
                if (closed) {
                    return;
                }
                LockSupport.parkNanos(100_000);
            }
            ringOwner();
        }
    }

    private Completion perform(Request r) {
        if (failure() == Fault.DeviceMode.ERROR) {
            return new Completion(r.tag(), r.page(), r.data() != null, null, 0, "device error (injected)", r.generation());
        }
        long at = r.page() * pageBytes;
        try {
            if (r.data() != null) {
                ByteBuffer page = ByteBuffer.allocate(pageBytes).put(r.data()).flip();
                page.limit((int) Math.min(pageBytes, byteSize - at));
                while (page.hasRemaining()) {
                    file.write(page, at + page.position());
                }
                return new Completion(r.tag(), r.page(), true, null, 0, null, r.generation());
            }
            ByteBuffer page = ByteBuffer.allocate(pageBytes);
            page.limit((int) Math.min(pageBytes, byteSize - at));
            while (page.hasRemaining() && file.read(page, at + page.position()) >= 0) {
                // read until the page (or the file) ends
            }
            byte[] data = page.array();
            int crc = Nic.checksum(data);
            if (failure() == Fault.DeviceMode.CORRUPT) {
                data[data.length / 3] ^= 0x04; // after the checksum: the driver's check finds it
            }
            return new Completion(r.tag(), r.page(), false, data, crc, null, r.generation());
        } catch (IOException e) {
            return new Completion(r.tag(), r.page(), r.data() != null, null, 0, "I/O error on " + path + ": " + e.getMessage(), r.generation());
        }
    }

    @Override
    protected String reset() {
        generation++;
        return "reset: requests of the failed incarnation dropped";
    }

    /** Stops the controller and closes the file. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(controller);
        try {
            controller.join(5_000);
            file.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
