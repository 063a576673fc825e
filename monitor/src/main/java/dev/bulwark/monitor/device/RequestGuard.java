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
import io.netty.handler.codec.redis.RedisMessage;
import io.netty.handler.codec.redis.SimpleStringRedisMessage;
import io.netty.util.ReferenceCountUtil;

/**
 * Checks the decoder's parts against what a Redis <em>request</em> may be, before anything is aggregated: a
 * request is an array of bulk strings (no nesting, no nulls) or an inline command. RESP itself allows more,
 * and Netty's aggregators would build it: an array header's length alone sizes the list they allocate, so
 * {@code *2000000000} would exhaust the heap. Limits, as Redis's: at most {@value #MAX_ARGUMENTS} arguments
 * ("invalid multibulk length"); and the wire's own: at most {@code maxCommandBytes} of arguments in one
 * command, since a command becomes one frame in memory.
 *
 * <p>A violation is passed on as a {@link RedisCodecException} (the {@code CommandHandler} answers it with
 * Redis's protocol error and closes the connection); from then on every part is released and dropped.
 *
 * <p>Threading: one per channel, on its event loop.
 */
final class RequestGuard extends ChannelInboundHandlerAdapter {
    /** Redis's limit on a request's arguments. */
    static final int MAX_ARGUMENTS = 1024 * 1024;

    private final long maxCommandBytes;
    private long remaining; // arguments still to come in the current array command; 0 between commands
    private long commandBytes;
    private boolean failed;

    RequestGuard(long maxCommandBytes) {
        this.maxCommandBytes = maxCommandBytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        String problem = failed ? "" : msg instanceof RedisMessage m ? check(m) : "unexpected " + msg.getClass().getSimpleName();
        if (problem == null) {
            ctx.fireChannelRead(msg);
            return;
        }
        ReferenceCountUtil.release(msg);
        if (!failed) {
            failed = true;
            ctx.fireExceptionCaught(new RedisCodecException(problem));
        }
    }

    /** What is wrong with {@code m} where it comes, or null. */
    private String check(RedisMessage m) {
        return remaining == 0 ? checkCommandStart(m) : checkArgument(m);
    }

    private String checkCommandStart(RedisMessage m) {
        return switch (m) {
            case ArrayHeaderRedisMessage h when h.length() > MAX_ARGUMENTS -> "invalid multibulk length";
            case ArrayHeaderRedisMessage h -> {
                remaining = Math.max(0, h.length()); // *0 and *-1 are ignored, as Redis does
                commandBytes = 0;
                yield null;
            }
            case BulkStringHeaderRedisMessage _ -> "expected '*' or an inline command, got '$'";
            case BulkStringRedisContent _ -> "expected '*' or an inline command, got '$'";
            default -> null; // inline command, or +, -, : lines, read as inline commands
        };
    }

    private String checkArgument(RedisMessage m) {
        return switch (m) {
            case BulkStringHeaderRedisMessage h -> {
                commandBytes += h.bulkStringLength();
                yield commandBytes > maxCommandBytes ? "command of more than " + maxCommandBytes + " bytes" : null;
            }
            case FullBulkStringRedisMessage f when f.isNull() -> "invalid bulk length";
            case LastBulkStringRedisContent _ -> {
                remaining--; // FullBulkStringRedisMessage ($0) included
                yield null;
            }
            case BulkStringRedisContent _ -> null;
            case ArrayHeaderRedisMessage _ -> expectedBulk('*');
            case SimpleStringRedisMessage _ -> expectedBulk('+');
            case ErrorRedisMessage _ -> expectedBulk('-');
            case IntegerRedisMessage _ -> expectedBulk(':');
            case InlineCommandRedisMessage i -> expectedBulk(i.content().isEmpty() ? '\r' : i.content().charAt(0));
            default -> "unexpected " + m.getClass().getSimpleName();
        };
    }

    private static String expectedBulk(char got) {
        return "expected '$', got '" + (Character.isISOControl(got) ? "\\x%02x".formatted((int) got) : got) + "'";
    }
}
