package dev.bulwark.monitor.device;

import dev.bulwark.hw.device.Nic;
import dev.bulwark.sandbox.app.RespFrame;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CodecException;
import io.netty.handler.codec.redis.ArrayRedisMessage;
import io.netty.handler.codec.redis.ErrorRedisMessage;
import io.netty.handler.codec.redis.FullBulkStringRedisMessage;
import io.netty.handler.codec.redis.InlineCommandRedisMessage;
import io.netty.handler.codec.redis.IntegerRedisMessage;
import io.netty.handler.codec.redis.RedisCodecException;
import io.netty.handler.codec.redis.RedisMessage;
import io.netty.handler.codec.redis.SimpleStringRedisMessage;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.collection.LongObjectMap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * The last handler of a client connection's pipeline: turns each decoded command into a {@link RespFrame}
 * for the NIC (through the {@link Receiver}), and the channel's life into OPENED and CLOSED frames.
 *
 * <p>Every message it is handed is released here, whatever happens. Malformed input (a {@link CodecException}
 * from the decoder, the aggregators or the {@link RequestGuard}) is answered as Redis answers it,
 * {@code -ERR Protocol error: ...}, and the connection is closed once that is sent; commands it sent before
 * were accepted and still reach the NIC, but their replies are dropped (Redis would send them first: the
 * wire cannot know when the driver is done with them).
 *
 * <p>Threading: one per channel, on the wire's event loop. It never calls app code: it only moves bytes to
 * the NIC's ring.
 */
final class CommandHandler extends ChannelInboundHandlerAdapter {
    private static final byte[][] NO_ARGUMENTS = new byte[0][];

    private final Receiver receiver;
    private final LongObjectMap<Connection> connections;
    private final WireCounters counters;
    private final Consumer<Throwable> wireFault;
    private Connection connection;

    /**
     * @param wireFault told of an exception that is neither malformed input nor the peer going away: a fault
     *                  of the wire itself
     */
    CommandHandler(Receiver receiver, LongObjectMap<Connection> connections, WireCounters counters,
                   Consumer<Throwable> wireFault) {
        this.receiver = receiver;
        this.connections = connections;
        this.counters = counters;
        this.wireFault = wireFault;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        connection = receiver.opened(ctx.channel());
        connections.put(connection.id(), connection);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (connection.closing) {
                return; // the rest of a read after a protocol error, or after the driver closed it
            }
            byte[][] args = arguments(msg);
            if (args.length > 0) { // an empty array or a blank line: ignored, as Redis does
                receiver.offer(connection, Nic.FrameKind.DATA, RespFrame.encode(args));
            }
        } catch (RedisCodecException e) {
            protocolError(ctx, e);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        connections.remove(connection.id());
        receiver.closed(connection);
        ctx.fireChannelInactive();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        connection.reviewReading();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CodecException) {
            protocolError(ctx, cause);
        } else if (cause instanceof IOException) {
            ctx.close(); // the peer reset the connection, or the like: its CLOSED follows
        } else {
            wireFault.accept(cause);
            ctx.close();
        }
    }

    /** A command's arguments: a RESP array of bulk strings, or an inline command split as Redis splits it. */
    static byte[][] arguments(Object msg) {
        return switch (msg) {
            case ArrayRedisMessage a when a.isNull() -> NO_ARGUMENTS;
            case ArrayRedisMessage a -> bulkStrings(a.children());
            case InlineCommandRedisMessage i -> InlineCommand.split(i.content().getBytes(StandardCharsets.UTF_8));
            // What RESP calls a simple string, error or integer is, at the start of a request, an inline
            // command to Redis (only '*' is special there): "+PING" is the command "+PING".
            case SimpleStringRedisMessage s -> InlineCommand.split(("+" + s.content()).getBytes(StandardCharsets.UTF_8));
            case ErrorRedisMessage e -> InlineCommand.split(("-" + e.content()).getBytes(StandardCharsets.UTF_8));
            case IntegerRedisMessage n -> InlineCommand.split((":" + n.value()).getBytes(StandardCharsets.UTF_8));
            default -> throw new RedisCodecException("unexpected " + msg.getClass().getSimpleName());
        };
    }

    private static byte[][] bulkStrings(List<RedisMessage> children) {
        byte[][] args = new byte[children.size()][];
        for (int i = 0; i < args.length; i++) {
            if (!(children.get(i) instanceof FullBulkStringRedisMessage b) || b.isNull()) {
                throw new RedisCodecException("expected '$' for argument " + i);
            }
            args[i] = ByteBufUtil.getBytes(b.content());
        }
        return args;
    }

    private void protocolError(ChannelHandlerContext ctx, Throwable cause) {
        if (connection == null || connection.closing) {
            return;
        }
        connection.closing = true;
        connection.reviewReading();
        counters.protocolErrors++;
        String reply = "-ERR Protocol error: " + describe(cause) + "\r\n";
        ctx.writeAndFlush(Unpooled.copiedBuffer(reply, StandardCharsets.UTF_8)).addListener(ChannelFutureListener.CLOSE);
    }

    /** The innermost cause's message, on one line: Netty wraps what the decoder throws. */
    static String describe(Throwable cause) {
        Throwable t = cause;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        m = m.replaceAll("[\\r\\n]+", " ");
        return m.length() > 200 ? m.substring(0, 200) + "..." : m;
    }
}
