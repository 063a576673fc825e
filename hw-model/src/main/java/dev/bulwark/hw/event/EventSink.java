package dev.bulwark.hw.event;

/** Where events go. Implementations must accept calls from any thread. */
@FunctionalInterface
public interface EventSink {
    void record(Event event);
}
