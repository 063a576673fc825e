package dev.bulwark.sandbox.kernel;

import java.util.function.LongConsumer;

/** The app's one-shot timers: fires those due. */
final class TimerSource implements EventSource {
    private final Timers timers;
    /** Bound once: a method reference made on every pass would allocate on the event loop. */
    private final LongConsumer fire;

    TimerSource(Timers timers, AppDispatch app) {
        this.timers = timers;
        this.fire = app::timer;
    }

    @Override
    public int doWork(long now) {
        return timers.fire(now, fire);
    }

    @Override
    public long wakeAt(long now) {
        return timers.nextDeadline();
    }
}
