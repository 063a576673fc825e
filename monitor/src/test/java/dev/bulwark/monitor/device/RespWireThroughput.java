package dev.bulwark.monitor.device;

import dev.bulwark.hw.clock.NanoClock;
import dev.bulwark.hw.core.Doorbell;
import dev.bulwark.hw.device.Nic;
import dev.bulwark.monitor.EventLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A measurement, not a test (it asserts only that every reply was right): clients pipelining {@code P}
 * commands at a time against the wire, the test thread as a driver that answers {@code +OK} to every command
 * and, when the ring is empty, sleeps on its {@link Doorbell} until the NIC rings it, as a kernel's idle core
 * does ({@code -Dbulwark.spin=true}: spins instead). Prints commands per second. Its name keeps it out of
 * surefire's default run; run it with
 * <pre>
 * mvn -B -pl hw-model,ipc,sandboxes,monitor -am test -Dtest=RespWireThroughput -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dtest.jvmArgs="-Dbulwark.measure=true -Dbulwark.connections=1 -Dbulwark.pipeline=16 -Dbulwark.seconds=2"
 * </pre>
 */
@EnabledIfSystemProperty(named = "bulwark.measure", matches = "true")
class RespWireThroughput {
    private static final boolean SPIN = Boolean.getBoolean("bulwark.spin");
    private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);

    @Test
    void echoOkToPipelinedCommands() throws Exception {
        int connections = Integer.getInteger("bulwark.connections", 1);
        int pipeline = Integer.getInteger("bulwark.pipeline", 16);
        double seconds = Double.parseDouble(System.getProperty("bulwark.seconds", "2"));
        try (EventLog log = new EventLog(NanoClock.SYSTEM)) {
            Nic nic = new Nic("net", 1024, log);
            Doorbell bell = new Doorbell(Thread.currentThread(), () -> 0, NanoClock.SYSTEM);
            nic.attach("driver", 1, bell);
            RespWire wire = new RespWire(nic, "127.0.0.1", 0, log);
            wire.start();
            AtomicBoolean stop = new AtomicBoolean();
            LongAdder answered = new LongAdder();
            List<Thread> clients = new ArrayList<>();
            List<Throwable> failures = new ArrayList<>();
            byte[] batch = RawClient.command("SET", "key:000042", "value-of-sixteen").repeat(pipeline)
                    .getBytes(StandardCharsets.US_ASCII);
            for (int c = 0; c < connections; c++) {
                clients.add(Thread.ofPlatform().name("client-" + c).start(() -> {
                    try (Socket s = new Socket(wire.address().getAddress(), wire.address().getPort())) {
                        s.setTcpNoDelay(true);
                        OutputStream out = s.getOutputStream();
                        InputStream in = s.getInputStream();
                        byte[] replies = new byte[OK.length * pipeline];
                        while (!stop.get()) {
                            out.write(batch);
                            if (in.readNBytes(replies, 0, replies.length) != replies.length) {
                                throw new IOException("closed");
                            }
                            for (int i = 0; i < replies.length; i++) {
                                if (replies[i] != OK[i % OK.length]) {
                                    throw new IOException("wrong reply at byte " + i);
                                }
                            }
                            answered.add(pipeline);
                        }
                    } catch (IOException e) {
                        synchronized (failures) {
                            failures.add(e);
                        }
                    }
                }));
            }
            long start = System.nanoTime();
            long warmupEnd = start + 500_000_000L;
            long end = warmupEnd + (long) (seconds * 1e9);
            long atWarmup = -1;
            long commands = 0;
            while (System.nanoTime() < end) {
                if (atWarmup < 0 && System.nanoTime() >= warmupEnd) {
                    atWarmup = answered.sum();
                }
                Nic.RxFrame f = nic.receive();
                if (f == null) {
                    if (SPIN) {
                        Thread.onSpinWait();
                    } else {
                        bell.sleep(1_000_000); // as a kernel's idle core: until the NIC rings
                    }
                    continue;
                }
                if (f.kind() == Nic.FrameKind.DATA) {
                    commands++;
                    while (!nic.transmit(f.connection(), OK)) {
                        Thread.onSpinWait();
                    }
                }
            }
            long measured = answered.sum() - atWarmup;
            stop.set(true);
            // let the clients finish their last batch
            long drainUntil = System.nanoTime() + 2_000_000_000L;
            while (clients.stream().anyMatch(Thread::isAlive) && System.nanoTime() < drainUntil) {
                Nic.RxFrame f = nic.receive();
                if (f != null && f.kind() == Nic.FrameKind.DATA) {
                    nic.transmit(f.connection(), OK);
                }
            }
            wire.close();
            for (Thread t : clients) {
                t.join(5_000);
            }
            assertEquals(List.of(), failures.stream().filter(e -> !"closed".equals(e.getMessage())).toList());
            System.out.printf("RespWire throughput: %d connection(s), pipeline %d: %.0f commands/s over %.1f s"
                            + " (driver saw %d commands; %s)%n",
                    connections, pipeline, measured / seconds, seconds, commands, wire.stats());
        }
    }
}
