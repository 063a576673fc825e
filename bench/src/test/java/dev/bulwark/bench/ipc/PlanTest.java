package dev.bulwark.bench.ipc;

import dev.bulwark.bench.transport.Transports;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PlanTest {
    @Test
    void largePayloadsGetFewerSamplesToStayUnderTheCap() {
        Plan plan = new Plan(Transports.ALL, List.of(16, 1024, 65536), 3, 1_000, 10_000, 5_000, 50_000, 1 << 20, Plan.CAPACITY, false);
        assertEquals(1_000, plan.roundTripsAt(16));
        assertEquals(10_000, plan.messagesAt(16));
        assertEquals(512, plan.roundTripsAt(1024), "a round trip moves the payload twice: 1 MiB / 2 KiB");
        assertEquals(1_024, plan.messagesAt(1024));
        assertEquals(8, plan.roundTripsAt(65536));
        assertEquals(5_000, plan.warmupRoundTripsAt(16));
        assertEquals(512, plan.warmupRoundTripsAt(1024));
        assertEquals(1_024, plan.warmupMessagesAt(1024));
        assertEquals(1, new Plan(Transports.ALL, List.of(65536), 1, 10, 10, 0, 0, 1, Plan.CAPACITY, false).messagesAt(65536),
                "at least one");
        assertEquals(0, new Plan(Transports.ALL, List.of(65536), 1, 10, 10, 0, 0, 1, Plan.CAPACITY, false).warmupMessagesAt(65536),
                "no warm-up stays none");
    }

    @Test
    void givenCountsAreUncappedAndDefaultsCapped() {
        IpcCommand command = new IpcCommand();
        command.payloads = List.of(65536);
        assertEquals(IpcCommand.FULL.payloadBytesCap(), command.plan().payloadBytesCap());
        command.quick = true;
        assertEquals(IpcCommand.QUICK.payloadBytesCap(), command.plan().payloadBytesCap());
        command.messages = 7;
        assertEquals(Plan.UNCAPPED, command.plan().payloadBytesCap());
        assertEquals(7, command.plan().messagesAt(65536));
    }
}
