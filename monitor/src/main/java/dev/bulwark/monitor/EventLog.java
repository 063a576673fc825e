package dev.bulwark.monitor;

import dev.bulwark.hw.event.Event;
import dev.bulwark.hw.event.EventSink;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The append-only record of everything that happened, in the order it was recorded. Events are rare
 * (boots, faults, recoveries), so a lock keeps it simple; any thread may record, read or wait.
 * Listeners are called under that lock, so each sees every event exactly once and in log order; they
 * must be quick (print a line, count) and must not record events themselves.
 */
public final class EventLog implements EventSink {
    private final List<Event> events = new ArrayList<>();
    private final List<Consumer<Event>> listeners = new ArrayList<>();

    @Override
    public synchronized void record(Event event) {
        events.add(event);
        notifyAll();
        for (Consumer<Event> listener : listeners) {
            listener.accept(event);
        }
    }

    /**
     * Calls {@code listener} with every event recorded so far, then with each one recorded later (on the
     * recording thread): no event is missed or repeated in between.
     */
    public synchronized void subscribe(Consumer<Event> listener) {
        events.forEach(listener);
        listeners.add(listener);
    }

    public synchronized List<Event> snapshot() {
        return List.copyOf(events);
    }

    public synchronized int size() {
        return events.size();
    }

    /** The events of type {@code type}, in order. */
    public synchronized <E extends Event> List<E> all(Class<E> type) {
        List<E> found = new ArrayList<>();
        for (Event e : events) {
            if (type.isInstance(e)) {
                found.add(type.cast(e));
            }
        }
        return found;
    }

    /**
     * Waits up to {@code timeoutMillis} for an event at index {@code from} or later that matches; returns
     * it, or null on timeout.
     */
    public synchronized <E extends Event> E await(Class<E> type, Predicate<? super E> match, int from, long timeoutMillis)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        int next = from;
        while (true) {
            for (; next < events.size(); next++) {
                Event e = events.get(next);
                if (type.isInstance(e) && match.test(type.cast(e))) {
                    return type.cast(e);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
