package dev.bulwark.apps.kv;

import dev.bulwark.ipc.Message;

/**
 * A client command the front has accepted and not yet answered: its parts (one request record each, on
 * the shards its keys live on) and how their replies gather into its one reply. When the last part is in,
 * or one fails, it finishes: its RESP reply goes straight to the connection's output if it is the oldest
 * command of its connection, else it is kept here until the ones before it have gone
 * ({@link ClientConnection#drain}).
 *
 * <p>A part that fails (its shard lost it or did not answer in time, or replied an error) finishes the
 * whole command with that error, except for INFO, which reports the shard as unavailable; parts that reply
 * after the command finished are ignored.
 *
 * <p>Threading: the front's thread only.
 */
final class PendingCommand {
    /** How the parts' replies make the command's reply. */
    enum Gather {
        /** One part; its reply is the command's. */
        SINGLE,
        /** One PTTL part, answered in seconds (TTL): Redis rounds to the nearest second. */
        TTL_SECONDS,
        /** The sum of the parts' integers (DEL, EXISTS, DBSIZE). */
        SUM,
        /** +OK once every part said OK (MSET, FLUSHALL). */
        ALL_OK,
        /** An array of the parts' values, in part order (MGET). */
        MGET,
        /** The INFO text, from every shard's statistics. */
        INFO
    }

    /** One shard's statistics for INFO, or why there are none ({@code error} non-null). */
    record ShardStats(long keys, long usedBytes, long capacityBytes, long expiring, long maxKeys, String error) {
    }

    /** Writes the INFO reply once every shard's part is in. */
    interface InfoWriter {
        void write(RespWriter to, ShardStats[] stats);
    }

    private final ClientConnection connection;
    private final Gather gather;
    private final RespWriter scratch;
    private int remaining;
    private boolean finished;
    private byte[] reply;
    private long sum;
    private byte[][] values;
    private ShardStats[] stats;
    private InfoWriter infoWriter;

    /**
     * A command of {@code parts} parts for {@code connection}; {@code scratch} is the front's writer for
     * replies that must wait (copied out before the next use).
     */
    PendingCommand(ClientConnection connection, Gather gather, int parts, RespWriter scratch) {
        this.connection = connection;
        this.gather = gather;
        this.remaining = parts;
        this.scratch = scratch;
        if (gather == Gather.MGET) {
            values = new byte[parts][];
        }
    }

    /** A command answered by the front itself, waiting behind the commands before it. */
    static PendingCommand answered(ClientConnection connection, byte[] reply) {
        PendingCommand c = new PendingCommand(connection, Gather.SINGLE, 0, null);
        c.reply = reply;
        c.finished = true;
        return c;
    }

    /** An INFO command over {@code shards} shards, written by {@code writer}. */
    static PendingCommand info(ClientConnection connection, int shards, RespWriter scratch, InfoWriter writer) {
        PendingCommand c = new PendingCommand(connection, Gather.INFO, shards, scratch);
        c.stats = new ShardStats[shards];
        c.infoWriter = writer;
        return c;
    }

    boolean finished() {
        return finished;
    }

    /** The reply kept while commands before this one were unanswered; null once written or if written directly. */
    byte[] reply() {
        return reply;
    }

    /** Part {@code part} replied: the reply record at {@code at} of {@code message}. */
    void partReplied(int part, Message message, int at) {
        if (finished) {
            return;
        }
        byte kind = message.getByte(at + ShardWire.KIND);
        int n = message.getInt(at + ShardWire.BYTES_LENGTH);
        long number = message.getLong(at + ShardWire.NUMBER);
        int bytesAt = at + ShardWire.REPLY_HEADER;
        if (kind == ShardWire.ERROR && gather != Gather.INFO) {
            RespWriter w = target();
            scratchError(w, message, bytesAt, n);
            finish(w);
            return;
        }
        switch (gather) {
            case SINGLE -> {
                RespWriter w = target();
                switch (kind) {
                    case ShardWire.OK -> w.ok();
                    case ShardWire.NIL -> w.nil();
                    case ShardWire.INT -> w.integer(number);
                    case ShardWire.BULK -> w.bulk(message, bytesAt, n);
                    default -> w.error("ERR unexpected reply kind " + kind + " from a shard");
                }
                finish(w);
                return;
            }
            case TTL_SECONDS -> {
                RespWriter w = target();
                w.integer(number < 0 ? number : (number + 500) / 1000);
                finish(w);
                return;
            }
            case SUM -> sum += number;
            case ALL_OK -> {
            }
            case MGET -> {
                if (kind == ShardWire.BULK) {
                    values[part] = new byte[n];
                    message.getBytes(bytesAt, values[part], 0, n);
                }
            }
            case INFO -> stats[part] = kind == ShardWire.STATS_REPLY
                    ? new ShardStats(number, message.getLong(bytesAt), message.getLong(bytesAt + 8),
                    message.getLong(bytesAt + 16), message.getLong(bytesAt + 24), null)
                    : new ShardStats(0, 0, 0, 0, 0, "unexpected reply kind " + kind);
        }
        if (--remaining == 0) {
            gathered();
        }
    }

    /** Part {@code part} failed with {@code error} (a RESP error text, code first). */
    void partFailed(int part, String error) {
        if (finished) {
            return;
        }
        if (gather == Gather.INFO) {
            stats[part] = new ShardStats(0, 0, 0, 0, 0, error);
            if (--remaining == 0) {
                gathered();
            }
            return;
        }
        RespWriter w = target();
        w.error(error);
        finish(w);
    }

    private void gathered() {
        RespWriter w = target();
        switch (gather) {
            case SUM -> w.integer(sum);
            case ALL_OK -> w.ok();
            case MGET -> {
                w.array(values.length);
                for (byte[] v : values) {
                    if (v == null) {
                        w.nil();
                    } else {
                        w.bulk(v);
                    }
                }
            }
            case INFO -> infoWriter.write(w, stats);
            default -> throw new IllegalStateException(gather + " has one part");
        }
        finish(w);
    }

    private static void scratchError(RespWriter w, Message message, int at, int n) {
        byte[] text = new byte[n];
        message.getBytes(at, text, 0, n);
        w.error(new String(text, java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Where the reply goes: the connection's output if nothing before it waits, else the scratch writer. */
    private RespWriter target() {
        if (connection.atHead(this) && !connection.isClosed()) {
            return connection.out;
        }
        scratch.clear();
        return scratch;
    }

    private void finish(RespWriter written) {
        if (written == scratch) {
            reply = scratch.toBytes();
        }
        finished = true;
        connection.drain();
    }
}
