package dev.bulwark.hw.event;

import java.util.function.LongFunction;

/**
 * Where events go. The sink stamps every event with its own clock at the moment it records it, so the
 * order in which a sink records events is the order of their timestamps, whichever threads record them.
 *
 * <p>Implementations accept calls from any thread, return promptly (a kernel's core may be the caller)
 * and run no code of anyone else's while recording but {@code event} itself.
 */
public interface EventSink {
    /**
     * Stamps an event with the current time and records it.
     *
     * @param event makes the event from its timestamp, in nanoseconds of the sink's clock; it must be
     *              quick and must not record events itself
     * @return the event recorded
     */
    <E extends Event> E record(LongFunction<E> event);
}
