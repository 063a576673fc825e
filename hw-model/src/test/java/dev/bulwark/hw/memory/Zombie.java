package dev.bulwark.hw.memory;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

/**
 * A thread that keeps touching a window in a loop, as a hung kernel's thread does, until a touch throws: tests and
 * probes revoke the mapping under it. {@link #touches()} counts the touches that completed (a release store after
 * each, so a reader that sees {@code n} also sees the {@code n}th touch's write).
 */
final class Zombie {
    private final AtomicLong touches = new AtomicLong();
    private final AtomicReference<Throwable> ended = new AtomicReference<>();
    private final Thread thread;

    private Zombie(String name, LongConsumer touch) {
        thread = Thread.ofPlatform().name(name).start(() -> {
            try {
                for (long i = 1; ; i++) {
                    touch.accept(i);
                    touches.lazySet(i);
                }
            } catch (Throwable t) {
                ended.set(t);
            }
        });
    }

    /** Writes {@code i} at {@link #slot}{@code (i)} of {@code w}, for i = 1, 2, ... */
    static Zombie writing(MemoryWindow w) {
        return new Zombie("zombie", i -> w.putLong(slot(i), i));
    }

    /** Checksums all of {@code w} again and again: each checksum holds the mapping's arena acquired. */
    static Zombie checksumming(MemoryWindow w) {
        return new Zombie("checksumming-zombie", i -> w.crc32c(0, w.byteSize()));
    }

    /** Where the {@code i}th write of a {@link #writing} zombie goes: one of 16 longs. */
    static long slot(long i) {
        return 8 * (i & 15);
    }

    long touches() {
        return touches.get();
    }

    /** What ended the loop, once it has ended; null before. */
    Throwable ended() {
        return ended.get();
    }

    boolean isAlive() {
        return thread.isAlive();
    }

    /** Waits until the loop has ended (for a caller that knows it will: its mapping is revoked). */
    void awaitEnd() {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + thread.getName(), e);
        }
    }
}
