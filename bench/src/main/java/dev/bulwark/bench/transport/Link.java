package dev.bulwark.bench.transport;

import java.util.Optional;

/**
 * A {@link Transport} set up for one payload size: the loops its two threads run. Closing it tears the
 * transport down (a row that booted a monitor shuts it down here).
 */
public interface Link extends AutoCloseable {
    /** The round-trip sides: one message in flight. */
    RoundTrip roundTrip();

    /** The one-way sides, through a bounded queue; empty for a row that has no queue (the raw cache line). */
    Optional<OneWay> oneWay();

    /** Tears the transport down; unchecked exceptions only (the run reports them as a failed tear-down). */
    @Override
    default void close() {
    }
}
