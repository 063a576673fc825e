package dev.bulwark.monitor.device;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.redis.ArrayHeaderRedisMessage;
import io.netty.handler.codec.redis.BulkStringHeaderRedisMessage;
import io.netty.handler.codec.redis.BulkStringRedisContent;
import io.netty.handler.codec.redis.ErrorRedisMessage;
import io.netty.handler.codec.redis.FullBulkStringRedisMessage;
import io.netty.handler.codec.redis.InlineCommandRedisMessage;
import io.netty.handler.codec.redis.IntegerRedisMessage;
import io.netty.handler.codec.redis.LastBulkStringRedisContent;
import io.netty.handler.codec.redis.RedisCodecException;
import io.netty.handler.codec.redis.RedisDecoder;
import io.netty.handler.codec.redis.SimpleStringRedisMessage;
import io.netty.util.ReferenceCountUtil;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Assembles the parts {@link RedisDecoder} emits into whole {@link Command}s: a RESP array of bulk strings
 * (the form clients send), or an inline command. Each argument's bytes are copied out of the socket buffers as
 * they arrive and every part is released at once, so a half-received command holds byte arrays only and a
 * connection that closes mid-command leaves nothing unreleased.
 *
 * <p>Why not Netty's {@code RedisBulkStringAggregator} and {@code RedisArrayAggregator}: the array aggregator
 * keeps a half-built array's children (retained slices of the socket buffer) in a private deque it never
 * releases when the channel closes (a leak per client that disconnects mid-command), it preallocates a list
 * as long as the array header claims ({@code *2000000000} exhausts the heap), and it builds nested arrays
 * and arrays of integers that a Redis server refuses anyway.
 *
 * <h2>What is refused, in Redis's words</h2>
 * An array of more than {@value #MAX_ARGUMENTS} arguments ("invalid multibulk length"), anything but a bulk
 * string inside an array ("expected '$', got '*'"), a null bulk string ("invalid bulk length"), an inline
 * command with unbalanced quotes; and, the wire's own limit, a command whose arguments come to more than
 * {@code maxCommandBytes} (a command becomes one frame in memory). The refusal is passed on as a
 * {@link RedisCodecException}, which {@code CommandHandler} answers with Redis's protocol error before it
 * closes the connection; from then on every part is released and dropped.
 *
 * <p>A line that starts with {@code +}, {@code -} or {@code :} is, in a request, an inline command to Redis
 * (only {@code *} is special there), and is one here too: "+PING" is the command "+PING". A bulk string
 * outside an array is refused ("expected '*' or an inline command, got '$'"), where Redis would run the
 * line {@code $3} as a command.
 *
 * <p>Threading: one per channel, on its event loop.
 */
final class CommandAssembler extends ChannelInboundHandlerAdapter {
    /** A client's command: its arguments (at least one). Not reference-counted: nothing to release. */
    record Command(byte[][] args) {
    }

    /** Redis's limit on a request's arguments. */
    static final int MAX_ARGUMENTS = 1024 * 1024;

    private final long maxCommandBytes;
    private List<byte[]> args;   // the array command being assembled, null between commands
    private long expected;       // its length, from its header
    private long commandBytes;   // its arguments' bytes so far, counted from their headers
    private byte[] bulk;         // the argument being received, null between arguments
    private int filled;          // bytes of it received
    private boolean failed;

    CommandAssembler(long maxCommandBytes) {
        this.maxCommandBytes = maxCommandBytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Command done;
        try {
            if (failed) {
                return;
            }
            done = args == null ? start(msg) : argument(msg);
        } catch (RedisCodecException e) {
            failed = true;
            args = null;
            bulk = null;
            ctx.fireExceptionCaught(e);
            return;
        } finally {
            ReferenceCountUtil.release(msg);
        }
        if (done != null) {
            ctx.fireChannelRead(done);
        }
    }

    /** Between commands: an array header starts one; an inline command is one. */
    private Command start(Object msg) {
        return switch (msg) {
            case ArrayHeaderRedisMessage h when h.length() > MAX_ARGUMENTS -> throw refused("invalid multibulk length");
            case ArrayHeaderRedisMessage h when h.length() <= 0 -> null; // *0 and *-1: ignored, as Redis does
            case ArrayHeaderRedisMessage h -> {
                args = new ArrayList<>((int) Math.min(h.length(), 64));
                expected = h.length();
                commandBytes = 0;
                yield null;
            }
            case InlineCommandRedisMessage i -> inline(i.content());
            case SimpleStringRedisMessage s -> inline("+" + s.content());
            case ErrorRedisMessage e -> inline("-" + e.content());
            case IntegerRedisMessage n -> inline(":" + n.value());
            case BulkStringHeaderRedisMessage _, BulkStringRedisContent _ ->
                    throw refused("expected '*' or an inline command, got '$'");
            default -> throw refused("unexpected " + msg.getClass().getSimpleName());
        };
    }

    private static Command inline(String line) {
        byte[][] split = InlineCommand.split(line.getBytes(StandardCharsets.UTF_8));
        return split.length == 0 ? null : new Command(split); // a blank line: ignored, as Redis does
    }

    /** Inside an array: bulk strings only, each a header and then its content in one or more parts. */
    private Command argument(Object msg) {
        switch (msg) {
            case FullBulkStringRedisMessage f when f.isNull() -> throw refused("invalid bulk length");
            case FullBulkStringRedisMessage _ -> add(new byte[0]); // $0: the decoder's one whole bulk string
            case BulkStringHeaderRedisMessage h -> {
                commandBytes += h.bulkStringLength();
                if (commandBytes > maxCommandBytes) {
                    throw refused("command of more than " + maxCommandBytes + " bytes");
                }
                bulk = new byte[h.bulkStringLength()];
                filled = 0;
            }
            case BulkStringRedisContent part -> {
                int n = part.content().readableBytes();
                if (bulk == null || n > bulk.length - filled) {
                    throw refused("bulk string content past its length");
                }
                part.content().getBytes(part.content().readerIndex(), bulk, filled, n);
                filled += n;
                if (part instanceof LastBulkStringRedisContent) {
                    byte[] whole = bulk;
                    bulk = null;
                    add(whole);
                }
            }
            case ArrayHeaderRedisMessage _ -> throw expectedBulk('*');
            case SimpleStringRedisMessage _ -> throw expectedBulk('+');
            case ErrorRedisMessage _ -> throw expectedBulk('-');
            case IntegerRedisMessage _ -> throw expectedBulk(':');
            case InlineCommandRedisMessage i -> throw expectedBulk(i.content().isEmpty() ? '\r' : i.content().charAt(0));
            default -> throw refused("unexpected " + msg.getClass().getSimpleName());
        }
        if (args.size() < expected) {
            return null;
        }
        Command c = new Command(args.toArray(new byte[0][]));
        args = null;
        return c;
    }

    private void add(byte[] argument) {
        args.add(argument);
    }

    private static RedisCodecException refused(String why) {
        return new RedisCodecException(why);
    }

    private static RedisCodecException expectedBulk(char got) {
        return refused("expected '$', got '" + (Character.isISOControl(got) ? "\\x%02x".formatted((int) got) : got) + "'");
    }
}
