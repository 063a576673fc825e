package dev.bulwark.cli.drill;

import dev.bulwark.drill.workload.KvLoad;
import dev.bulwark.drill.workload.LoadFigures;
import dev.bulwark.hw.device.Nic;
import dev.bulwark.monitor.Monitor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The drill's load generator against a small store (a front and two shards): every command gets its reply and every
 * reply is checked (a value it did not write is caught), its window counts replies and their latencies, and a store
 * whose shards roll back to 5 ms epochs answers it as rightly as one without epochs. Behaviour only: no figure here
 * is compared with a time.
 */
class KvLoadTest {
    private static final KvLoad LOAD = new KvLoad(2, 32, Duration.ofMillis(100), Duration.ofMillis(300), 5);

    private Monitor monitor;

    @AfterEach
    void shutDown() {
        if (monitor != null) {
            monitor.close();
        }
    }

    @Test
    void everyCommandIsAnsweredAndEveryReplyIsWhatItsConnectionWrote() throws Exception {
        monitor = DrillChips.boot(DrillWorkloadKvTest.YAML.replace("SCHEME", "restart").replace("SHARD", "kv-shard"));
        LoadFigures f = LOAD.measure(monitor);

        assertEquals(2, f.connections());
        assertEquals(64, f.inFlight());
        assertTrue(f.commands() > f.inFlight(), "it kept its pipelines full and replaced each answered command: " + f);
        assertEquals(f.commands(), f.replies(), "every command had its reply: " + f);
        assertEquals(0, f.errors(), f.toString());
        assertEquals(0, f.wrong(), f.firstWrong());
        assertNull(f.firstWrong());
        assertTrue(f.clean());
        assertTrue(f.measured() > 0 && f.measured() <= f.replies(), "the window counted some of them: " + f);
        assertEquals(f.measured() / 0.3, f.opsPerSecond(), 1e-6, "ops/s is the window's replies over the window");
        assertTrue(0 < f.p50Nanos() && f.p50Nanos() <= f.p99Nanos() && f.p99Nanos() <= f.maxNanos(), f.toString());
        assertTrue(0 < f.idleP50Nanos() && f.idleP50Nanos() <= f.idleP99Nanos(), "one at a time too: " + f);
    }

    @Test
    void aValueTheConnectionDidNotWriteIsCaught() throws Exception {
        monitor = DrillChips.boot(DrillWorkloadKvTest.YAML.replace("SCHEME", "restart").replace("SHARD", "kv-shard"));
        String address = ((Nic) monitor.sandbox("front").devices().getFirst()).address();
        try (Socket s = new Socket()) { // another client writes connection 0's keys before the load starts
            int colon = address.lastIndexOf(':');
            s.connect(new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))));
            OutputStream out = s.getOutputStream();
            InputStream in = new BufferedInputStream(s.getInputStream());
            for (int k = 0; k < 1024; k++) {
                String key = "load-0-" + k;
                out.write(("*3\r\n$3\r\nSET\r\n$" + key.length() + "\r\n" + key + "\r\n$8\r\nintruder\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            for (int k = 0; k < 1024; k++) {
                assertEquals("+OK", line(in));
            }
        }
        LoadFigures f = LOAD.measure(monitor);

        assertTrue(f.wrong() > 0, "a GET before the connection's first SET of its key expects nil: " + f);
        assertNotNull(f.firstWrong());
        assertTrue(f.firstWrong().startsWith("connection 0: GET load-0-") && f.firstWrong().contains("returned intruder"),
                f.firstWrong());
        assertEquals(f.commands(), f.replies());
    }

    @Test
    void aStoreWhoseShardsRollBackToEpochsAnswersEveryCommandRightly() throws Exception {
        monitor = DrillChips.boot(RollbackKvTest.YAML);
        LoadFigures f = LOAD.measure(monitor);

        assertTrue(f.clean(), "output commit holds replies, it changes none: " + f);
        assertTrue(f.measured() > 0, f.toString());
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\r'; c = in.read()) {
            if (c < 0) {
                throw new IOException("cut short after '" + b + "'");
            }
            b.append((char) c);
        }
        in.read();
        return b.toString();
    }
}
