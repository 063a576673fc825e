package dev.bulwark.monitor.device;

import dev.bulwark.hw.device.Nic;
import dev.bulwark.sandbox.app.RespFrame;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CodecException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.collection.LongObjectMap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The last handler of a client connection's pipeline: turns each {@link CommandAssembler.Command} into a
 * {@link RespFrame} for the NIC (through the {@link Receiver}), and the channel's life into OPENED and CLOSED
 * frames.
 *
 * <p>Every message it is handed is released here, whatever happens. Malformed input (a {@link CodecException}
 * from the decoder or the {@link CommandAssembler}) is answered as Redis answers it,
 * {@code -ERR Protocol error: ...}, and the connection is closed once that is sent; commands it sent before
 * were accepted and still reach the NIC, but their replies are dropped (Redis would send them first: the
 * wire cannot know when the driver is done with them).
 *
 * <p>Threading: one per channel, on the wire's event loop. It never calls app code: it only moves bytes to
 * the NIC's ring.
 */
final class CommandHandler extends ChannelInboundHandlerAdapter {
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
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) { // added to a channel that is active already: it will not be told
            open(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        open(ctx);
        ctx.fireChannelActive();
    }

    private void open(ChannelHandlerContext ctx) {
        if (connection == null) {
            connection = receiver.opened(ctx.channel());
            connections.put(connection.id(), connection);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (connection.closing) {
                return; // the rest of a read after a protocol error, or after the driver closed it
            }
            if (!(msg instanceof CommandAssembler.Command(byte[][] args))) {
                throw new IllegalStateException("the pipeline handed the command handler a " + msg.getClass().getName());
            }
            receiver.offer(connection, Nic.FrameKind.DATA, RespFrame.encode(args));
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
