package dev.bulwark.monitor.device;

import dev.bulwark.hw.device.Nic;
import dev.bulwark.hw.event.Event;
import dev.bulwark.hw.event.EventSink;
import dev.bulwark.sandbox.app.RespFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.redis.ArrayHeaderRedisMessage;
import io.netty.handler.codec.redis.BulkStringHeaderRedisMessage;
import io.netty.handler.codec.redis.DefaultBulkStringRedisContent;
import io.netty.handler.codec.redis.DefaultLastBulkStringRedisContent;
import io.netty.handler.codec.redis.IntegerRedisMessage;
import io.netty.util.collection.LongObjectHashMap;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A connection's pipeline ({@link RespWire#handlers}) on an {@link EmbeddedChannel}: what it hands the NIC,
 * and that it releases everything it is handed, whole, malformed, or cut off by a close.
 */
class ConnectionPipelineTest {
    private final List<Event> events = new ArrayList<>();
    private final EventSink sink = new EventSink() {
        @Override
        public <E extends Event> E record(LongFunction<E> event) {
            E e = event.apply(0);
            events.add(e);
            return e;
        }
    };
    private final Nic nic = new Nic("net", 64, sink);
    private final WireCounters counters = new WireCounters();
    private final List<Throwable> faults = new ArrayList<>();

    /** An active channel with the wire's pipeline; its OPENED is taken. */
    private EmbeddedChannel channel() {
        EmbeddedChannel ch = new EmbeddedChannel(); // registered and active: the handler opens when added
        ch.pipeline().addLast(RespWire.handlers(new CommandHandler(new Receiver(nic, ch.eventLoop(), counters),
                new LongObjectHashMap<>(), counters, faults::add)));
        assertEquals(Nic.FrameKind.OPENED, nic.receive().kind());
        return ch;
    }

    private static ByteBuf buf(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    private static List<String> args(Nic.RxFrame f) {
        return Arrays.stream(RespFrame.decode(f.bytes())).map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }

    private static String outbound(EmbeddedChannel ch) {
        ByteBuf out = ch.readOutbound();
        try {
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            out.release();
        }
    }

    @Test
    void commandsInPiecesBecomeFramesAndEveryBufferIsReleased() {
        EmbeddedChannel ch = channel();
        String both = RawClient.command("SET", "key", "a longer value") + RawClient.command("PING");
        List<ByteBuf> pieces = new ArrayList<>();
        for (int i = 0; i < both.length(); i += 5) { // a command split across reads, mid-number, mid-argument
            ByteBuf piece = buf(both.substring(i, Math.min(both.length(), i + 5)));
            pieces.add(piece);
            ch.writeInbound(piece);
        }
        assertEquals(List.of("SET", "key", "a longer value"), args(nic.receive()));
        assertEquals(List.of("PING"), args(nic.receive()));
        for (ByteBuf piece : pieces) {
            assertEquals(0, piece.refCnt());
        }
        assertTrue(faults.isEmpty());
    }

    @Test
    void aConnectionClosedMidCommandLeavesNothingUnreleased() {
        EmbeddedChannel ch = channel();
        ByteBuf half = buf("*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nhel");
        ch.writeInbound(half);
        ch.close();
        ch.runPendingTasks();
        assertEquals(0, half.refCnt()); // Netty's RedisArrayAggregator keeps "SET" and "key" retained here
        assertEquals(Nic.FrameKind.CLOSED, nic.receive().kind());
        assertNull(nic.receive());
    }

    @Test
    void decoderPartsAreReleasedWhetherTheyMakeACommandOrAreRefused() {
        EmbeddedChannel ch = channel();
        BulkStringHeaderRedisMessage header = new BulkStringHeaderRedisMessage(5);
        DefaultBulkStringRedisContent first = new DefaultBulkStringRedisContent(buf("he"));
        DefaultLastBulkStringRedisContent last = new DefaultLastBulkStringRedisContent(buf("llo"));
        ch.writeInbound(new ArrayHeaderRedisMessage(1), header, first, last);
        assertEquals(0, first.refCnt());
        assertEquals(0, last.refCnt());
        assertEquals(List.of("hello"), args(nic.receive()));

        DefaultLastBulkStringRedisContent get = new DefaultLastBulkStringRedisContent(buf("GET"));
        DefaultLastBulkStringRedisContent after = new DefaultLastBulkStringRedisContent(buf("x"));
        // after: what the decoder still had in hand after the error, in the same read: dropped, released
        ch.writeInbound(new ArrayHeaderRedisMessage(2), new BulkStringHeaderRedisMessage(3), get,
                new IntegerRedisMessage(7), new BulkStringHeaderRedisMessage(1), after);
        assertEquals(0, get.refCnt());
        assertEquals(0, after.refCnt());
        assertEquals("-ERR Protocol error: expected '$', got ':'\r\n", outbound(ch));
        ch.runPendingTasks();
        assertFalse(ch.isOpen());
        assertEquals(Nic.FrameKind.CLOSED, nic.receive().kind());
        assertNull(nic.receive());
        assertEquals(1, counters.protocolErrors);
    }

    @Test
    void aCommandLargerThanTheLimitIsRefusedFromItsHeaderWithoutReadingIt() {
        EmbeddedChannel ch = channel();
        ByteBuf big = buf("*2\r\n$3\r\nSET\r\n$" + (RespWire.MAX_COMMAND_BYTES - 2) + "\r\nxyz");
        ch.writeInbound(big);
        assertEquals("-ERR Protocol error: command of more than " + RespWire.MAX_COMMAND_BYTES + " bytes\r\n", outbound(ch));
        ch.runPendingTasks();
        assertFalse(ch.isOpen());
        assertEquals(0, big.refCnt());
        assertEquals(Nic.FrameKind.CLOSED, nic.receive().kind());
    }

    @Test
    void anUnexpectedExceptionIsAWireFaultNotAProtocolError() {
        EmbeddedChannel ch = channel();
        ch.pipeline().fireExceptionCaught(new IllegalStateException("bug"));
        assertEquals(1, faults.size());
        assertFalse(ch.isOpen());
        assertEquals(0, counters.protocolErrors);
        assertNull(ch.readOutbound());
    }
}
