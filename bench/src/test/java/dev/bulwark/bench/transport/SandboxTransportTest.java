package dev.bulwark.bench.transport;

import dev.bulwark.hw.fault.Fault;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A sandbox row whose kernel fails mid-measurement says so instead of waiting for a job its app lost. */
class SandboxTransportTest {
    @Test
    void aKernelPanicDuringRoundTripsEndsTheWaitNamingTheMonitorsEvent() {
        SandboxTransport transport = SandboxTransport.sleeping();
        try (Link link = transport.open(new Setup(16, 8))) {
            ((SandboxTransport.Pair) link).monitor().injector()
                    .inject(((SandboxTransport.Pair) link).monitor().sandbox("ping"), new Fault.KernelPanic(Fault.Site.KERNEL));
            // Far more round trips than the panic lets ping finish: without the event, this waits for ever.
            IllegalStateException e = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThrows(
                    IllegalStateException.class, () -> link.roundTrip().ping(Integer.MAX_VALUE, new Histogram(3))));
            assertTrue(e.getMessage().startsWith("sandbox-idle: the monitor saw FaultDetected[")
                    && e.getMessage().contains("sandbox=ping"), e.getMessage());
        }
    }
}
