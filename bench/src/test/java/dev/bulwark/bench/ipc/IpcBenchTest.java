package dev.bulwark.bench.ipc;

import dev.bulwark.bench.transport.Link;
import dev.bulwark.bench.transport.OneWay;
import dev.bulwark.bench.transport.RoundTrip;
import dev.bulwark.bench.transport.Setup;
import dev.bulwark.bench.transport.Transport;
import dev.bulwark.bench.transport.Transports;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IpcBenchTest {
    private static Plan plan(List<Transport> transports, int rounds, int roundTrips, long messages, int warmup) {
        return new Plan(transports, List.of(16, 64), rounds, roundTrips, messages, warmup, warmup * 10L, Plan.UNCAPPED, Plan.CAPACITY, false);
    }

    @Test
    void recordsExactlyTheRoundTripsAskedPerRoundAndTimesEveryOneWayRound() throws Exception {
        List<String> steps = new ArrayList<>();
        Progress progress = new Progress() {
            @Override
            public void step(String what, int done, int total) {
                steps.add(done + "/" + total + " " + what);
            }

            @Override
            public void finished() {
                steps.add("finished");
            }
        };
        IpcBench.Outcome outcome = IpcBench.run(plan(Transports.ALL, 3, 257, 1_000, 10), progress);

        assertEquals(3, outcome.rounds());
        assertEquals(false, outcome.interrupted());
        assertEquals(Transports.ALL.size() * 2, outcome.measurements().size());
        for (Measurement m : outcome.measurements()) {
            assertEquals(3, m.roundTrips().size(), m.transport().name());
            for (Histogram round : m.roundTrips()) {
                assertEquals(257, round.getTotalCount(), m.transport().name() + ": the round trips asked, no warm-up among them");
                assertTrue(round.getStartTimeStamp() > 0 && round.getEndTimeStamp() >= round.getStartTimeStamp());
            }
            assertEquals(3 * 257, m.allRoundTrips().getTotalCount());
            assertEquals(m.transport().name().equals("raw") ? 0 : 3, m.oneWayNanos().size(), m.transport().name());
            m.oneWayNanos().forEach(nanos -> assertTrue(nanos > 0));
        }
        int measurements = Transports.ALL.size() * 2;
        assertEquals(measurements * 4 + 1, steps.size(), "a step per warm-up and per measurement, then finished: " + steps);
        assertEquals("0/" + measurements * 4 + " warming up: raw, 16 B", steps.getFirst());
        assertEquals(measurements + "/" + measurements * 4 + " round 1/3: raw, 16 B", steps.get(measurements));
        assertEquals((measurements * 4 - 1) + "/" + measurements * 4 + " round 3/3: " + Transports.ALL.getLast().name() + ", 64 B",
                steps.get(measurements * 4 - 1));
        assertEquals("finished", steps.getLast());
    }

    @Test
    void interleavesTheRoundsEveryTransportOnceInTurn() throws Exception {
        List<String> order = new ArrayList<>();
        List<Transport> transports = List.of(new Probe("a", order), new Probe("b", order));
        IpcBench.run(new Plan(transports, List.of(16), 3, 5, 5, 0, 0, Plan.UNCAPPED, 4, false), Progress.NONE);
        assertEquals(List.of("a", "b", "a", "b", "a", "b", "a", "b"), order, "warm-up, then three rounds of a, b");
    }

    @Test
    void aTransportThatFailsEndsTheRunNamingItAndTheSide() {
        Transport failing = new Probe("failing", new ArrayList<>()) {
            @Override
            public void ping(int count, Histogram rtt) {
                throw new IllegalStateException("the answer to message 1 was message 7");
            }
        };
        RunFailedException e = assertThrows(RunFailedException.class,
                () -> IpcBench.run(new Plan(List.of(failing), List.of(16), 1, 5, 5, 0, 0, Plan.UNCAPPED, 4, false), Progress.NONE));
        assertEquals("failing, 16 B, round trips: the initiator side failed: "
                + "java.lang.IllegalStateException: the answer to message 1 was message 7", e.getMessage());
    }

    /** Ctrl-C: the run's thread is interrupted; it reports the rounds every transport completed. */
    @Test
    void anInterruptedRunKeepsTheRoundsEveryTransportCompleted() throws Exception {
        CountDownLatch inSecondRound = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        Transport slow = new Probe("slow", new ArrayList<>()) {
            @Override
            public void ping(int count, Histogram rtt) throws InterruptedException {
                super.ping(count, rtt);
                if (calls.incrementAndGet() == 2) { // round 2 of the first transport
                    inSecondRound.countDown();
                    release.await();
                }
            }
        };
        Plan plan = new Plan(List.of(new Probe("first", new ArrayList<>()), slow), List.of(16), 3, 5, 5, 0, 0, Plan.UNCAPPED, 4, false);
        CompletableFuture<IpcBench.Outcome> outcome = new CompletableFuture<>();
        Thread runner = Thread.ofPlatform().start(() -> {
            try {
                outcome.complete(IpcBench.run(plan, Progress.NONE));
            } catch (Throwable e) {
                outcome.completeExceptionally(e);
            }
        });
        assertTrue(inSecondRound.await(10, TimeUnit.SECONDS));
        runner.interrupt();
        release.countDown();
        IpcBench.Outcome o = outcome.get(10, TimeUnit.SECONDS);
        assertTrue(o.interrupted());
        assertEquals(1, o.rounds());
        for (Measurement m : o.measurements()) {
            assertEquals(1, m.roundTrips().size(), m.transport().name() + ": round 2 of 'first' is dropped too");
            assertEquals(1, m.oneWayNanos().size(), m.transport().name());
        }
    }

    /** A transport that records when it is measured, records {@code count} samples of 1 ns, and moves nothing. */
    static class Probe implements Transport, Link, RoundTrip, OneWay {
        private final String name;
        private final List<String> order;

        Probe(String name, List<String> order) {
            this.name = name;
            this.order = order;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String note() {
            return "";
        }

        @Override
        public Link open(Setup setup) {
            order.add(name);
            return this;
        }

        @Override
        public RoundTrip roundTrip() {
            return this;
        }

        @Override
        public Optional<OneWay> oneWay() {
            return Optional.of(this);
        }

        @Override
        public void ping(int count, Histogram rtt) throws InterruptedException {
            rtt.recordValueWithCount(1, count);
        }

        @Override
        public void pong(int count) {
        }

        @Override
        public void produce(long count) {
        }

        @Override
        public void consume(long count) {
        }
    }
}
