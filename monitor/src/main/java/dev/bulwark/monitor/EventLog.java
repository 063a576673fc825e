package dev.bulwark.monitor;

import dev.bulwark.hw.clock.NanoClock;
import dev.bulwark.hw.event.Event;
import dev.bulwark.hw.event.EventSink;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.function.Predicate;

/**
 * The record of everything that happened: a bounded history of the last {@link #CAPACITY} events, in the
 * order they were recorded, which is also the order of their timestamps; and a publisher thread that hands
 * them to listeners.
 *
 * <h2>Recording</h2>
 * Any thread may record, a kernel's among them. {@link #record} holds the log's lock only to read the
 * clock, store the event and wake waiters: it never runs a listener, so a slow or throwing listener cannot
 * stall or trap a core. Because the timestamp is read under the lock, sequence order and time order agree.
 * <pre>
 *   history:  [ evicted ... | seq - CAPACITY ........................ seq - 1 ] next: seq
 *   slot of event n:  n & (CAPACITY - 1)
 * </pre>
 *
 * <h2>Listening</h2>
 * Listeners run on the publisher thread only, never on a kernel's or the supervisor's, each with its own
 * cursor into the history, in sequence order. A listener that falls more than {@code CAPACITY} events
 * behind misses the oldest: they are counted in {@link #dropped()}. A listener that throws is counted in
 * {@link #listenerFailures()} and keeps its place.
 *
 * <p>The publisher sleeps while there is nothing to deliver: it marks itself {@code idle} under the lock
 * once it has caught up, and a recorder that finds it idle unparks it (a park that follows such an unpark
 * returns at once), so an idle system costs no wake-ups here.
 *
 * <p>Threading: {@code events}, {@code seq}, {@code idle} and the cursors are guarded by this object's
 * lock; {@code delivered} is written under it too (by the publisher at the end of each round, and lowered by
 * {@link #subscribe}, whose new subscriber has its history ahead of it) and read without it by {@link #flush}.
 */
public final class EventLog implements EventSink, AutoCloseable {
    /** How many of the latest events the history keeps. */
    public static final int CAPACITY = 1 << 18;
    private static final int MASK = CAPACITY - 1;
    private static final int BATCH = 1024;

    private final NanoClock clock;
    private final Event[] events = new Event[CAPACITY];
    private long seq;
    private boolean idle;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong listenerFailures = new AtomicLong();
    private final Thread publisher;
    private volatile boolean open = true;
    /** Events up to this sequence number have been offered to every listener subscribed now. */
    private volatile long delivered;

    private static final class Subscriber {
        final Consumer<Event> listener;
        long cursor; // guarded by the log's lock

        Subscriber(Consumer<Event> listener, long cursor) {
            this.listener = listener;
            this.cursor = cursor;
        }
    }

    public EventLog(NanoClock clock) {
        this.clock = clock;
        this.publisher = Thread.ofPlatform().name("monitor-events").daemon(true).start(this::publish);
    }

    @Override
    public <E extends Event> E record(LongFunction<E> event) {
        synchronized (this) {
            E e = event.apply(clock.nanoTime());
            events[(int) (seq & MASK)] = e;
            seq++;
            notifyAll();
            if (idle) {
                idle = false;
                LockSupport.unpark(publisher);
            }
            return e;
        }
    }

    /**
     * Calls {@code listener}, on the publisher thread, with every event the history still holds and then
     * with each one recorded later, in order, none twice.
     */
    public void subscribe(Consumer<Event> listener) {
        synchronized (this) {
            Subscriber s = new Subscriber(listener, oldest());
            subscribers.add(s);
            delivered = Math.min(delivered, s.cursor); // else a flush now would not wait for its history
        }
        LockSupport.unpark(publisher);
    }

    /** The events the history holds, oldest first. */
    public synchronized List<Event> snapshot() {
        return between(oldest(), seq);
    }

    /** How many events were recorded since the log was made (its next sequence number). */
    public synchronized long size() {
        return seq;
    }

    /**
     * Offers {@code each} the events numbered {@code from} or later that the history still holds, oldest first,
     * and returns the number of the next event: a reader that keeps that cursor follows the log without a
     * listener and without missing or repeating an event (events older than the history, {@link #CAPACITY}, are
     * gone). {@code each} runs under the log's lock, so it must be quick and must not record events.
     */
    public synchronized long since(long from, Consumer<? super Event> each) {
        for (long n = Math.max(from, oldest()); n < seq; n++) {
            each.accept(events[(int) (n & MASK)]);
        }
        return seq;
    }

    /** The held events of type {@code type}, in order. */
    public synchronized <E extends Event> List<E> all(Class<E> type) {
        List<E> found = new ArrayList<>();
        for (long n = oldest(); n < seq; n++) {
            Event e = events[(int) (n & MASK)];
            if (type.isInstance(e)) {
                found.add(type.cast(e));
            }
        }
        return found;
    }

    /**
     * Waits up to {@code timeoutMillis} for an event numbered {@code from} or later that matches; returns
     * it, or null on timeout.
     */
    public synchronized <E extends Event> E await(Class<E> type, Predicate<? super E> match, long from, long timeoutMillis)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        long next = Math.max(from, oldest());
        while (true) {
            for (; next < seq; next++) {
                Event e = events[(int) (next & MASK)];
                if (type.isInstance(e) && match.test(type.cast(e))) {
                    return type.cast(e);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /**
     * Waits up to {@code timeoutMillis} until every listener has been offered every event recorded before
     * this call; returns whether it has. Lets a command print its own lines after the events they follow.
     */
    public boolean flush(long timeoutMillis) throws InterruptedException {
        long target = size();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (delivered < target) {
            if (Thread.currentThread() == publisher) {
                return false; // a listener flushing would wait for itself
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            LockSupport.unpark(publisher);
            LockSupport.parkNanos(100_000);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
        return true;
    }

    /** Events some listener never got because it fell more than {@link #CAPACITY} events behind. */
    public long dropped() {
        return dropped.get();
    }

    /** Calls of a listener that threw. */
    public long listenerFailures() {
        return listenerFailures.get();
    }

    /** Offers every recorded event to the listeners, then stops the publisher. Idempotent. */
    @Override
    public void close() {
        open = false;
        LockSupport.unpark(publisher);
        try {
            publisher.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- the publisher thread --------------------------------------------------------------------------

    private void publish() {
        while (true) {
            boolean last = !open; // read before draining: what was recorded before close() is delivered
            long upTo = drain();
            if (last) {
                return;
            }
            boolean caughtUp;
            synchronized (this) { // caught up: sleep until a record, a subscribe, flush() or close() unparks
                idle = caughtUp = seq == upTo && delivered == upTo && open;
            }
            if (caughtUp) {
                LockSupport.park(this);
            }
        }
    }

    /**
     * Delivers what each subscriber has not had yet, then sets {@code delivered} to the lowest cursor: a subscriber
     * that came during the round, after the loop passed it by, still has its history ahead of it, and a
     * {@link #flush} must wait for the next round. Returns the sequence number the round delivered up to.
     */
    private long drain() {
        long upTo;
        synchronized (this) {
            upTo = seq;
        }
        for (Subscriber s : subscribers) {
            while (true) {
                List<Event> batch;
                synchronized (this) { // in batches, so recorders never wait long behind a listener far behind
                    long oldest = oldest();
                    if (s.cursor < oldest) {
                        dropped.addAndGet(oldest - s.cursor);
                        s.cursor = oldest;
                    }
                    batch = between(s.cursor, Math.min(upTo, s.cursor + BATCH));
                    s.cursor += batch.size();
                }
                if (batch.isEmpty()) {
                    break;
                }
                for (Event e : batch) {
                    try {
                        s.listener.accept(e);
                    } catch (Throwable t) {
                        listenerFailures.incrementAndGet();
                    }
                }
            }
        }
        synchronized (this) { // as subscribe() lowers it: one of the two goes first, and both see the new subscriber
            long everyone = upTo;
            for (Subscriber s : subscribers) {
                everyone = Math.min(everyone, s.cursor);
            }
            delivered = everyone;
        }
        return upTo;
    }

    private long oldest() {
        return Math.max(0, seq - CAPACITY);
    }

    private List<Event> between(long from, long to) {
        List<Event> copy = new ArrayList<>((int) Math.max(0, to - from));
        for (long n = from; n < to; n++) {
            copy.add(events[(int) (n & MASK)]);
        }
        return copy;
    }
}
