package dev.bulwark.hw.event;

/** Something that happened on the chip, stamped with {@link dev.bulwark.hw.clock.NanoClock} nanoseconds. */
public interface Event {
    long nanos();
}
