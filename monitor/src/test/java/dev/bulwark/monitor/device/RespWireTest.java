package dev.bulwark.monitor.device;

import dev.bulwark.hw.clock.NanoClock;
import dev.bulwark.hw.core.Doorbell;
import dev.bulwark.hw.device.DeviceActivity;
import dev.bulwark.hw.device.Nic;
import dev.bulwark.hw.fault.Fault;
import dev.bulwark.monitor.EventLog;
import dev.bulwark.sandbox.app.RespFrame;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The wire between real sockets and a {@link Nic}: the test thread is the driver ({@link Nic#receive},
 * {@link Nic#transmit}), a plain socket is the client.
 */
class RespWireTest {
    private final EventLog log = new EventLog(NanoClock.SYSTEM);
    private final List<AutoCloseable> open = new ArrayList<>();
    private Nic nic;
    private RespWire wire;

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
        log.close();
    }

    private void startWire(int ringFrames) {
        nic = new Nic("net", ringFrames, log);
        wire = new RespWire(nic, "127.0.0.1", 0, log);
        open.add(wire::close);
        wire.start();
    }

    private RawClient connect() throws IOException {
        RawClient c = new RawClient(wire.address());
        open.add(c);
        return c;
    }

    /** Awaitility as a driver polls: on this thread (the rings' one consumer), every millisecond. */
    private static ConditionFactory polling() {
        return await().atMost(Duration.ofSeconds(10)).pollInSameThread()
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1));
    }

    /** The next received frame, waiting for it. */
    private Nic.RxFrame next() {
        AtomicReference<Nic.RxFrame> got = new AtomicReference<>();
        polling().until(() -> {
            got.set(nic.receive());
            return got.get() != null;
        });
        return got.get();
    }

    private Nic.RxFrame next(Nic.FrameKind kind) {
        Nic.RxFrame f = next();
        assertEquals(kind, f.kind(), () -> "frame " + f);
        assertTrue(f.intact());
        return f;
    }

    private static List<String> args(Nic.RxFrame f) {
        return Arrays.stream(RespFrame.decode(f.bytes())).map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void listensOnTheAddressItRecordsAndACommandArrivesAsAFrameOfItsArguments() throws IOException {
        startWire(64);
        InetSocketAddress at = wire.address();
        assertNotEquals(0, at.getPort());
        assertEquals(List.of(new DeviceActivity.Listening(0, "net", "127.0.0.1:" + at.getPort())),
                log.all(DeviceActivity.Listening.class).stream()
                        .map(e -> new DeviceActivity.Listening(0, e.device(), e.address())).toList());

        RawClient client = connect();
        long id = next(Nic.FrameKind.OPENED).connection();
        client.write(RawClient.command("SET", "greeting", "hello world", ""));
        Nic.RxFrame set = next(Nic.FrameKind.DATA);
        assertEquals(id, set.connection());
        assertEquals(List.of("SET", "greeting", "hello world", ""), args(set));
    }

    @Test
    void pipelinedCommandsInOneWriteArriveInOrderAndABinaryArgumentIntact() throws IOException {
        startWire(1024);
        RawClient client = connect();
        next(Nic.FrameKind.OPENED);
        StringBuilder pipeline = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            pipeline.append(RawClient.command("INCR", "counter:" + i));
        }
        client.write(pipeline.toString());
        for (int i = 0; i < 200; i++) {
            assertEquals(List.of("INCR", "counter:" + i), args(next(Nic.FrameKind.DATA)));
        }
        byte[] binary = {0, (byte) 0xff, '\r', '\n', '$', 7};
        byte[] head = bytes("*2\r\n$3\r\nGET\r\n$6\r\n");
        byte[] command = new byte[head.length + binary.length + 2];
        System.arraycopy(head, 0, command, 0, head.length);
        System.arraycopy(binary, 0, command, head.length, binary.length);
        command[command.length - 2] = '\r';
        command[command.length - 1] = '\n';
        client.write(command);
        byte[][] got = RespFrame.decode(next(Nic.FrameKind.DATA).bytes());
        assertEquals("GET", new String(got[0], StandardCharsets.UTF_8));
        assertArrayEquals(binary, got[1]);
    }

    private static void assertArrayEquals(byte[] expected, byte[] actual) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual);
    }

    @Test
    void inlineCommandsAreSplitAsRedisSplitsThemAndBlankLinesIgnored() throws IOException {
        startWire(64);
        RawClient client = connect();
        next(Nic.FrameKind.OPENED);
        client.write("PING\r\n\r\nSET k \"two words\\n\" 'it\\'s'\r\n+OK\r\n");
        assertEquals(List.of("PING"), args(next(Nic.FrameKind.DATA)));
        assertEquals(List.of("SET", "k", "two words\n", "it's"), args(next(Nic.FrameKind.DATA)));
        assertEquals(List.of("+OK"), args(next(Nic.FrameKind.DATA)));
    }

    @Test
    void repliesReachTheSocketInOrderAndACloseComesAfterThem() throws IOException {
        startWire(64);
        RawClient client = connect();
        long id = next(Nic.FrameKind.OPENED).connection();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            String reply = ":" + i + "\r\n";
            expected.append(reply);
            byte[] b = bytes(reply);
            polling().until(() -> nic.transmit(id, b)); // the ring (64) refuses while the wire is behind
        }
        polling().until(() -> nic.transmit(id, null));
        assertEquals(expected.toString(), client.readToEnd());
        assertEquals(Nic.FrameKind.CLOSED, next().kind());
    }

    @Test
    void aClientThatDoesNotReadItsRepliesIsNotReadEitherAndIsClosedPastTheOutputLimit() throws IOException {
        startWire(64);
        RawClient client = connect();
        long id = next(Nic.FrameKind.OPENED).connection();
        byte[] reply = new byte[1 << 20];
        Arrays.fill(reply, (byte) 'x');
        polling().until(() -> {
            nic.transmit(id, reply); // the client never reads: its socket, then the wire's buffer fill
            return !wire.reading(id);
        });
        assertEquals(0, wire.stats().outputOverflows());
        polling().until(() -> {
            nic.transmit(id, reply);
            return wire.stats().outputOverflows() == 1;
        });
        assertTrue(client.readToEnd().length() < 2 * Transmitter.MAX_OUTPUT_BYTES); // and then the end: closed
        assertEquals(id, next(Nic.FrameKind.CLOSED).connection());
    }

    @Test
    void aClientThatConnectsAndLeavesIsOpenedThenClosed() throws IOException {
        startWire(64);
        RawClient first = connect();
        long a = next(Nic.FrameKind.OPENED).connection();
        RawClient second = connect();
        long b = next(Nic.FrameKind.OPENED).connection();
        assertNotEquals(a, b);
        first.close();
        Nic.RxFrame closed = next(Nic.FrameKind.CLOSED);
        assertEquals(a, closed.connection());
        second.write("PING\r\n");
        assertEquals(b, next(Nic.FrameKind.DATA).connection());
    }

    @Test
    void aFullReceiveRingLosesAndReordersNothing() throws IOException {
        startWire(4);
        RawClient one = connect();
        RawClient two = connect();
        int n = 1000;
        StringBuilder p1 = new StringBuilder();
        StringBuilder p2 = new StringBuilder();
        for (int i = 0; i < n; i++) {
            p1.append(RawClient.command("SET", "one", Integer.toString(i)));
            p2.append(RawClient.command("SET", "two", Integer.toString(i)));
        }
        one.write(p1.toString());
        two.write(p2.toString());
        polling().until(() -> wire.stats().refused() > 0); // the ring is full and the wire holds the rest

        int[] seen = new int[2];
        java.util.Set<Long> opened = new java.util.HashSet<>();
        java.util.Map<String, Long> idOf = new java.util.HashMap<>();
        while (seen[0] < n || seen[1] < n) {
            Nic.RxFrame f = next();
            assertTrue(f.intact());
            if (f.kind() == Nic.FrameKind.OPENED) {
                opened.add(f.connection());
                continue;
            }
            assertEquals(Nic.FrameKind.DATA, f.kind());
            List<String> args = args(f);
            assertTrue(opened.contains(f.connection()), "a command before its OPENED: " + args);
            assertEquals(idOf.computeIfAbsent(args.get(1), k -> f.connection()), f.connection());
            int who = args.get(1).equals("one") ? 0 : 1;
            assertEquals(Integer.toString(seen[who]), args.get(2), "client " + args.get(1) + "'s commands out of order");
            seen[who]++;
        }
        assertEquals(2, opened.size());
        assertEquals(0, wire.heldConnections());
        one.write("PING\r\n"); // reading again once its frames all went in
        assertEquals(List.of("PING"), args(next(Nic.FrameKind.DATA)));
    }

    @Test
    void malformedInputGetsRedisProtocolErrorAndTheConnectionCloses() throws IOException {
        startWire(64);
        RawClient client = connect();
        long id = next(Nic.FrameKind.OPENED).connection();
        client.write("PING\r\n*1\r\n$x\r\nPING\r\n");
        assertEquals(List.of("PING"), args(next(Nic.FrameKind.DATA))); // accepted before the error: kept
        String reply = client.readToEnd();
        assertTrue(reply.startsWith("-ERR Protocol error: ") && reply.endsWith("\r\n"), reply);
        Nic.RxFrame closed = next(Nic.FrameKind.CLOSED); // nothing after the error reached the NIC
        assertEquals(id, closed.connection());
        assertEquals(1, wire.stats().protocolErrors());
    }

    @Test
    void requestsRedisRefusesAreRefusedWithItsWordsBeforeAnythingIsAllocated() throws IOException {
        startWire(64);
        try (RawClient nested = connect()) {
            nested.write("*1\r\n*1\r\n$4\r\nPING\r\n");
            assertEquals("-ERR Protocol error: expected '$', got '*'\r\n", nested.readToEnd());
        }
        try (RawClient huge = connect()) {
            huge.write("*2000000000\r\n");
            assertEquals("-ERR Protocol error: invalid multibulk length\r\n", huge.readToEnd());
        }
        try (RawClient quotes = connect()) {
            quotes.write("SET k \"open\r\n");
            assertEquals("-ERR Protocol error: unbalanced quotes in request\r\n", quotes.readToEnd());
        }
        assertEquals(3, wire.stats().protocolErrors());
    }

    @Test
    void aResetClosesEveryOpenConnectionAndNewOnesAreServed() throws IOException {
        startWire(64);
        Doorbell bell = Doorbell.unattached(NanoClock.SYSTEM);
        nic.attach("front", 1, bell);
        RawClient before = connect();
        long old = next(Nic.FrameKind.OPENED).connection();

        nic.attach("front", 2, bell); // a new incarnation: the NIC resets its wire
        assertEquals("", before.readToEnd());
        assertEquals(old, next(Nic.FrameKind.CLOSED).connection());
        assertTrue(nic.transmit(old, bytes("+late\r\n")));
        polling().until(() -> wire.stats().transmitDropped() == 1);

        RawClient after = connect();
        long fresh = next(Nic.FrameKind.OPENED).connection();
        after.write(RawClient.command("PING"));
        assertEquals(fresh, next(Nic.FrameKind.DATA).connection());
        assertTrue(nic.transmit(fresh, bytes("+PONG\r\n")));
        assertEquals("+PONG\r\n", after.read(7));
    }

    @Test
    void aStoppedNicHoldsEverythingAndAfterAnAttachDeliversItAllInOrder() throws IOException {
        startWire(64);
        RawClient client = connect();
        long id = next(Nic.FrameKind.OPENED).connection();
        nic.inject(new Fault.DeviceFailure(Fault.DeviceMode.STOP));
        StringBuilder pipeline = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            pipeline.append(RawClient.command("GET", "k" + i));
        }
        client.write(pipeline.toString());
        assertTrue(nic.transmit(id, bytes("+queued while stopped\r\n")));
        polling().until(() -> wire.stats().refused() >= 2); // it tried, was refused, and tried again
        assertFalse(nic.hasReceived());

        nic.attach("front", 1, Doorbell.unattached(NanoClock.SYSTEM)); // the first attach clears the failure
        for (int i = 0; i < 100; i++) {
            Nic.RxFrame f = next(Nic.FrameKind.DATA);
            assertEquals(id, f.connection());
            assertEquals(List.of("GET", "k" + i), args(f));
        }
        assertEquals("+queued while stopped\r\n", client.read(23));
    }

    @Test
    void aCorruptingNicDeliversFramesThatFailTheirCheck() throws IOException {
        startWire(64);
        RawClient client = connect();
        next(Nic.FrameKind.OPENED);
        nic.inject(new Fault.DeviceFailure(Fault.DeviceMode.CORRUPT));
        client.write(RawClient.command("SET", "k", "v"));
        Nic.RxFrame f = next();
        assertEquals(Nic.FrameKind.DATA, f.kind());
        assertFalse(f.intact());
    }

    @Test
    void aPortInUseIsRefusedNamingTheDeviceHostAndPort() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            RespWire busy = new RespWire(new Nic("net", 4, log), "127.0.0.1", port, log);
            WireBindException e = assertThrows(WireBindException.class, busy::start);
            assertTrue(e.getMessage().startsWith("NIC net cannot listen on 127.0.0.1:" + port + ": "), e.getMessage());
            assertEquals(port, e.port());
        }
        RespWire nowhere = new RespWire(new Nic("net2", 4, log), "no-such-host.invalid", 6379, log);
        WireBindException e = assertThrows(WireBindException.class, nowhere::start);
        assertEquals("NIC net2 cannot listen on no-such-host.invalid:6379: unknown host no-such-host.invalid", e.getMessage());
        assertTrue(log.all(DeviceActivity.Listening.class).isEmpty());
    }
}
