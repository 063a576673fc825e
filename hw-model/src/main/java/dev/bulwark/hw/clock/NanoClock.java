package dev.bulwark.hw.clock;

/**
 * The chip's time source, in nanoseconds from an arbitrary origin (like {@link System#nanoTime()}).
 * Every event timestamp and every latency Bulwark reports is a difference of two readings of one clock.
 */
@FunctionalInterface
public interface NanoClock {
    NanoClock SYSTEM = System::nanoTime;

    long nanoTime();
}
