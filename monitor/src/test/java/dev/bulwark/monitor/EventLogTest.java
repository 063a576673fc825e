package dev.bulwark.monitor;

import dev.bulwark.hw.event.Event;
import dev.bulwark.monitor.event.MonitorEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class EventLogTest {
    @Test
    void aSubscriberGetsEveryEventOnceInOrderWhetherRecordedBeforeOrAfter() throws InterruptedException {
        EventLog log = new EventLog();
        log.record(new MonitorEvent.Booted(1, "a", 1, 0));
        List<Event> seen = new ArrayList<>();
        log.subscribe(seen::add);
        log.record(new MonitorEvent.Serving(2, "a", 1));
        assertEquals(log.snapshot(), seen);
        assertEquals(2, log.await(MonitorEvent.Serving.class, e -> e.sandbox().equals("a"), 0, 1_000).nanos());
        assertNull(log.await(MonitorEvent.Stopped.class, e -> true, 0, 10));
        assertEquals(1, log.all(MonitorEvent.Booted.class).size());
    }
}
