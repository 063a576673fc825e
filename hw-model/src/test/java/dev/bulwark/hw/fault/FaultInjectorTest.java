package dev.bulwark.hw.fault;

import dev.bulwark.hw.event.Event;
import dev.bulwark.hw.event.EventSink;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaultInjectorTest {
    /** A target that records what it was given. */
    static class Recorder implements FaultTarget {
        final String name;
        final List<Fault> got = new ArrayList<>();

        Recorder(String name) {
            this.name = name;
        }

        public String targetName() { return name; }

        public Set<FaultKind> acceptedFaults() { return EnumSet.of(FaultKind.KERNEL_PANIC, FaultKind.HANG, FaultKind.BIT_FLIP); }

        public void inject(Fault fault) { got.add(fault); }

        public long areaBytes(MemoryArea area) { return area == MemoryArea.KERNEL_DATA ? 56 : 1 << 20; }
    }

    /** Records into a list, stamping events 1, 2, 3, ... */
    record RecordingSink(List<Event> events) implements EventSink {
        @Override
        public <E extends Event> E record(LongFunction<E> event) {
            E e = event.apply(events.size() + 1);
            events.add(e);
            return e;
        }
    }

    private static List<FaultInjected> campaign(long seed, List<Event> events) {
        FaultInjector injector = new FaultInjector(seed, new RecordingSink(events));
        List<Recorder> targets = List.of(new Recorder("a"), new Recorder("b"), new Recorder("c"));
        List<FaultInjected> done = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            FaultKind kind = List.of(FaultKind.KERNEL_PANIC, FaultKind.HANG, FaultKind.BIT_FLIP).get(i % 3);
            done.add(injector.injectRandom(kind, targets));
        }
        return done;
    }

    @Test
    void theSameSeedReplaysTheSameCampaign() {
        List<Event> events = new ArrayList<>();
        List<FaultInjected> first = campaign(7, events);
        List<FaultInjected> again = campaign(7, new ArrayList<>());
        List<FaultInjected> other = campaign(8, new ArrayList<>());
        assertEquals(first, again);
        assertNotEquals(first, other);
        assertEquals(first, events, "every injection is recorded as an event, in order");
        assertEquals(30, first.getLast().seq());
    }

    @Test
    void bitFlipsLandInsideTheArea() {
        FaultInjector injector = new FaultInjector(1, new RecordingSink(new ArrayList<>()));
        Recorder target = new Recorder("t");
        for (int i = 0; i < 1000; i++) {
            Fault.BitFlip flip = injector.drawBitFlip(target, MemoryArea.KERNEL_DATA);
            assertTrue(flip.offset() >= 0 && flip.offset() < 56 && flip.bit() >= 0 && flip.bit() < 8, flip.toString());
        }
    }

    @Test
    void aKindTheTargetDoesNotTakeIsRefusedAndNotRecorded() {
        List<Event> events = new ArrayList<>();
        FaultInjector injector = new FaultInjector(1, new RecordingSink(events));
        Recorder target = new Recorder("t");
        assertThrows(IllegalArgumentException.class, () -> injector.inject(target, new Fault.CoreFailStop()));
        assertThrows(IllegalArgumentException.class, () -> injector.injectRandom(FaultKind.DRIVER_BUG, List.of(target)));
        assertTrue(events.isEmpty());
        assertTrue(target.got.isEmpty());
    }

    @Test
    void aRefusedInjectionIsRecordedAsRefusedRightAfterItsInjection() {
        List<Event> events = new ArrayList<>();
        FaultInjector injector = new FaultInjector(1, new RecordingSink(events));
        Recorder busy = new Recorder("busy") {
            @Override
            public void inject(Fault fault) {
                throw new FaultRefusedException("busy#2 is recovering");
            }
        };
        FaultRefusedException e = assertThrows(FaultRefusedException.class, () -> injector.inject(busy, new Fault.Hang()));
        assertEquals("busy#2 is recovering", e.getMessage());
        assertEquals(List.of(new FaultInjected(1, 1, "busy", new Fault.Hang()), new FaultRefused(2, 1, "busy", "busy#2 is recovering")),
                events);
    }
}
