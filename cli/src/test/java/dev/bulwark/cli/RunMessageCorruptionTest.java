package dev.bulwark.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bulwark run --inject 'message-corruption channel=...'}: the receiver's checksum finds it, and it runs on. */
class RunMessageCorruptionTest {
    @Test
    void aMessageCorruptedOnAChannelIsDroppedByTheReceiverWhichKeepsItsIncarnation() {
        CliTest.Result r = CliTest.bulwark("run", "--config", "../examples/token-ring.yaml", "--duration", "1s",
                "--inject", "message-corruption channel=ring-0->ring-1 bit=700 after=200ms");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("injection #1 at +200ms: ring-0->ring-1: message-corruption bit=700 (as given)"), r.out());
        assertTrue(r.out().contains("ring-0->ring-1: fault #1 injected: message-corruption bit=700"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches(
                " +[0-9.]+ ms  ring-1#1: message [0-9]+ on ring-0->ring-1 failed its checksum: dropped, the kernel goes on")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("  ring-1 +1 +1 shut down .*")), "ring-1 kept incarnation 1: " + r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("  ring-0->ring-1 +[0-9]+ +[0-9]+ +0 +1 +.*")), "one corrupt: " + r.out());
        assertEquals("", r.err());
    }

    @Test
    void aChannelThatIsNotThereIsNamedWithTheOnesThatAre() {
        CliTest.Result r = CliTest.bulwark("run", "--config", "../examples/token-ring.yaml", "--duration", "1s",
                "--inject", "message-corruption channel=ring-0->ring-2 after=0s");
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("no channel named 'ring-0->ring-2' (channels that take message-corruption: ring-0->ring-1, "
                + "ring-1->ring-2, ring-2->ring-0, ring-0->counter, ring-1->counter, ring-2->counter)"), r.err());
    }
}
