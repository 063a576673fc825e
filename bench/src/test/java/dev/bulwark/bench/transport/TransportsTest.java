package dev.bulwark.bench.transport;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every row, driven on two threads as the benchmark drives it: nothing lost, nothing out of order. */
class TransportsTest {
    static Stream<Arguments> transportsAndPayloads() {
        return Transports.ALL.stream().flatMap(t -> Stream.of(1, 16, 4096).map(p -> Arguments.of(t.name(), p)));
    }

    static Stream<String> transports() {
        return Transports.names().stream();
    }

    @ParameterizedTest(name = "{0}, {1} B")
    @MethodSource("transportsAndPayloads")
    void answersEveryRoundTripAndRecordsEach(String name, int payload) throws Exception {
        Transport transport = Transports.named(name).orElseThrow();
        try (Link link = transport.open(new Setup(payload, 8)); TwoThreads threads = new TwoThreads()) {
            for (int call = 1; call <= 2; call++) { // a second call continues where the first ended
                Histogram rtt = new Histogram(3);
                RoundTrip rt = link.roundTrip();
                threads.run(() -> rt.ping(1_000, rtt), () -> rt.pong(1_000));
                assertEquals(1_000, rtt.getTotalCount(), name + ": one sample per round trip, call " + call);
                assertTrue(rtt.getMinValue() > 0, name + ": a round trip takes time");
            }
        }
    }

    /**
     * A queue of 4 keeps the producer waiting on a full queue and reusing slots all the time: a slot written
     * again while its consumer still read it would show as a message out of order.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void deliversOneWayInOrderThroughAQueueOfFour(String name) throws Exception {
        Transport transport = Transports.named(name).orElseThrow();
        try (Link link = transport.open(new Setup(64, 4)); TwoThreads threads = new TwoThreads()) {
            Optional<OneWay> oneWay = link.oneWay();
            assertEquals(!name.equals("raw"), oneWay.isPresent(), "only raw has no queue");
            if (oneWay.isPresent()) {
                OneWay ow = oneWay.get();
                for (int call = 1; call <= 2; call++) {
                    threads.run(() -> ow.produce(20_000), () -> ow.consume(20_000));
                }
            }
        }
    }
}
