package dev.bulwark.bench.transport;

/**
 * One row of {@code bulwark bench ipc}: a way to move a message of {@code payload} bytes from one thread to
 * another. The benchmark sets it up once per payload and round ({@link #open}), runs its two
 * {@link RoundTrip} sides on its two threads, then its two {@link OneWay} sides, and tears it down.
 *
 * <h2>Adding a row</h2>
 * One class: implement this interface and the {@link Link} that {@link #open} returns, and list an instance in
 * {@link Transports#ALL} (and name it in {@code IpcCommand}'s description, which a test checks). Each side is a
 * whole loop written in that class ({@code ping(count, rtt)}, not "send one message"), so the JIT compiles it
 * for that transport alone (see the package documentation). {@link RawTransport} is the smallest complete row,
 * {@link JctoolsTransport} the smallest with a queue. A row whose messages travel between threads it owns (two
 * sandboxes' kernels) boots them in {@code open}, lets one side drive and wait for them while the other returns
 * at once, and shuts them down in {@link Link#close}; the benchmark only needs each side to return once
 * {@code count} messages have gone through.
 */
public interface Transport {
    /** The row's name, as {@code --transports} takes it: lower case, no spaces ({@code jctools}). */
    String name();

    /** One sentence for the table's notes: what the row measures where its name does not say it; empty if nothing. */
    String note();

    /**
     * The payload bytes one message carries when the run asks for {@code payload}: {@code payload} itself, unless
     * the transport cannot carry a chosen size (then the table marks the row, and MB/s counts what it carried).
     */
    default int carriedBytes(int payload) {
        return payload;
    }

    /**
     * Sets the transport up for one payload size: queues of {@code setup.capacity()} messages, preallocated
     * slots; whatever the measured loops must not allocate. Closing the link tears it down. Runs on the
     * benchmark's coordinating thread, outside the measurement.
     */
    Link open(Setup setup) throws Exception;
}
