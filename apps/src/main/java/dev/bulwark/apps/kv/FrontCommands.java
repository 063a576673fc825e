package dev.bulwark.apps.kv;

import java.util.Set;

/**
 * What the front does with one client command: checks it as Redis does (name, arity, options, integers,
 * sizes) and either answers it at once or splits it into request records for the shards its keys live on
 * ({@link KeyRouter}) and queues it on its connection ({@link PendingCommand}) until they answer.
 *
 * <p>Every command gets exactly one reply, in order: a reply the front can give at once goes straight to
 * the connection's output if nothing of the connection's is in flight, else it waits behind the commands
 * before it. A command whose key and value do not fit one request record is refused whole, before any part
 * of it is sent; so is one for a shard that is unreachable or not taking requests.
 *
 * <p>Multi-key commands (MSET, MGET, DEL, EXISTS) are split per key: each key's part runs atomically on its
 * shard, but the command as a whole is not atomic across shards (an MSET that one shard refuses for memory
 * may have been applied on the others; the reply is the error).
 *
 * <p>Threading: the front's thread only.
 */
final class FrontCommands {
    private static final byte[] PONG = "+PONG\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final ShardLink[] links;
    private final KeyRouter router;
    private final InfoReport info;
    private final FrontCounters counters;
    private final long timeoutNanos;
    private final RespWriter scratch = new RespWriter(1024);
    private final ServerCommands server = new ServerCommands();
    private final Decimal decimal = new Decimal();
    private final int[] shardOfPart = new int[64];

    FrontCommands(ShardLink[] links, InfoReport info, FrontCounters counters, long timeoutNanos) {
        this.links = links;
        this.router = new KeyRouter(links.length);
        this.info = info;
        this.counters = counters;
        this.timeoutNanos = timeoutNanos;
    }

    /** Handles {@code args} (name first) from {@code connection} at {@code now}. */
    void execute(ClientConnection connection, byte[][] args, long now) {
        if (args.length == 0) {
            return; // an empty command: Redis ignores it too
        }
        counters.commandsProcessed++;
        Command command = Command.find(args[0]);
        if (command == null) {
            error(connection, Errors.unknownCommand(args));
            return;
        }
        if (!command.arityFits(args.length)) {
            error(connection, Errors.wrongArity(command.lowerName));
            return;
        }
        long deadline = now + timeoutNanos;
        switch (command) {
            case PING -> {
                RespWriter w = local(connection);
                if (args.length == 1) {
                    w.raw(PONG, 0, PONG.length);
                } else if (args.length == 2) {
                    w.bulk(args[1]);
                } else {
                    w.error(Errors.wrongArity("ping"));
                }
                endLocal(connection, w);
            }
            case ECHO -> {
                RespWriter w = local(connection);
                w.bulk(args[1]);
                endLocal(connection, w);
            }
            case QUIT -> {
                RespWriter w = local(connection);
                w.ok();
                endLocal(connection, w);
                connection.closeWhenDone();
            }
            case SELECT -> {
                RespWriter w = local(connection);
                server.select(args, w);
                endLocal(connection, w);
            }
            case GET -> single(connection, ShardWire.GET, 0, args[1], null, 0, PendingCommand.Gather.SINGLE, deadline);
            case SET -> set(connection, args, deadline);
            case DEL -> perKey(connection, ShardWire.DEL, args, PendingCommand.Gather.SUM, deadline);
            case EXISTS -> perKey(connection, ShardWire.EXISTS, args, PendingCommand.Gather.SUM, deadline);
            case MGET -> perKey(connection, ShardWire.GET, args, PendingCommand.Gather.MGET, deadline);
            case INCR -> single(connection, ShardWire.INCRBY, 0, args[1], null, 1, PendingCommand.Gather.SINGLE, deadline);
            case DECR -> single(connection, ShardWire.INCRBY, 0, args[1], null, -1, PendingCommand.Gather.SINGLE, deadline);
            case INCRBY, DECRBY -> incrBy(connection, args, command == Command.DECRBY, deadline);
            case MSET -> mset(connection, args, deadline);
            case TTL -> single(connection, ShardWire.PTTL, 0, args[1], null, 0, PendingCommand.Gather.TTL_SECONDS, deadline);
            case PTTL -> single(connection, ShardWire.PTTL, 0, args[1], null, 0, PendingCommand.Gather.SINGLE, deadline);
            case DBSIZE -> everyShard(connection, ShardWire.DBSIZE, PendingCommand.Gather.SUM, deadline);
            case FLUSHALL, FLUSHDB -> {
                if (args.length > 2 || args.length == 2 && !isAny(args[1], "async", "sync")) {
                    error(connection, Errors.SYNTAX);
                } else {
                    everyShard(connection, ShardWire.FLUSHALL, PendingCommand.Gather.ALL_OK, deadline);
                }
            }
            case INFO -> info(connection, args, now, deadline);
            case COMMAND -> {
                RespWriter w = local(connection);
                server.command(args, w);
                endLocal(connection, w);
            }
            case CONFIG -> {
                RespWriter w = local(connection);
                server.config(args, w);
                endLocal(connection, w);
            }
            case CLIENT -> {
                RespWriter w = local(connection);
                server.client(connection, args, w);
                endLocal(connection, w);
            }
            case HELLO -> {
                RespWriter w = local(connection);
                server.hello(connection, args, w);
                endLocal(connection, w);
            }
        }
    }

    // ---- commands routed to shards ---------------------------------------------------------------------

    private void set(ClientConnection connection, byte[][] args, long deadline) {
        int flags = 0;
        int expiry = -1;
        boolean seconds = false;
        for (int i = 3; i < args.length; i++) {
            byte[] a = args[i];
            boolean last = i == args.length - 1;
            if (isAny(a, "nx") && (flags & ShardWire.XX) == 0) {
                flags |= ShardWire.NX;
            } else if (isAny(a, "xx") && (flags & ShardWire.NX) == 0) {
                flags |= ShardWire.XX;
            } else if (isAny(a, "get")) {
                flags |= ShardWire.GET_OLD;
            } else if (isAny(a, "keepttl") && expiry < 0) {
                flags |= ShardWire.KEEPTTL;
            } else if (isAny(a, "ex", "px") && (flags & ShardWire.KEEPTTL) == 0 && expiry < 0 && !last) {
                seconds = isAny(a, "ex");
                expiry = ++i;
            } else if (isAny(a, "exat", "pxat")) {
                error(connection, "ERR EXAT and PXAT are not supported by Bulwark KV (a sandbox has no wall clock): use EX or PX");
                return;
            } else {
                error(connection, Errors.SYNTAX);
                return;
            }
        }
        long ttlNanos = 0;
        if (expiry >= 0) {
            if (!decimal.parse(args[expiry])) {
                error(connection, Errors.NOT_AN_INTEGER);
                return;
            }
            long amount = decimal.value();
            if (amount <= 0 || seconds && amount > Long.MAX_VALUE / 1000) {
                error(connection, Errors.INVALID_EXPIRE_SET);
                return;
            }
            long millis = seconds ? amount * 1000 : amount;
            ttlNanos = millis > Long.MAX_VALUE / 1_000_000 ? Long.MAX_VALUE : millis * 1_000_000;
            flags |= ShardWire.TTL;
        }
        single(connection, ShardWire.SET, flags, args[1], args[2], ttlNanos, PendingCommand.Gather.SINGLE, deadline);
    }

    private void incrBy(ClientConnection connection, byte[][] args, boolean decrement, long deadline) {
        if (!decimal.parse(args[2])) {
            error(connection, Errors.NOT_AN_INTEGER);
            return;
        }
        long amount = decimal.value();
        if (decrement && amount == Long.MIN_VALUE) {
            error(connection, Errors.DECREMENT_OVERFLOW);
            return;
        }
        single(connection, ShardWire.INCRBY, 0, args[1], null, decrement ? -amount : amount,
                PendingCommand.Gather.SINGLE, deadline);
    }

    /** A command on one key: one part, on the key's shard. */
    private void single(ClientConnection connection, byte op, int flags, byte[] key, byte[] value, long argument,
                        PendingCommand.Gather gather, long deadline) {
        ShardLink link = links[router.shardOf(key)];
        String refused = refusal(link, key, value);
        if (refused != null) {
            error(connection, refused);
            return;
        }
        PendingCommand command = new PendingCommand(connection, gather, 1, scratch);
        connection.enqueue(command);
        link.request(op, flags, key, value, argument, command, 0, deadline);
    }

    /** DEL, EXISTS, MGET: one part per key (args from 1), each on its key's shard. */
    private void perKey(ClientConnection connection, byte op, byte[][] args, PendingCommand.Gather gather, long deadline) {
        int parts = args.length - 1;
        int[] shards = parts <= shardOfPart.length ? shardOfPart : new int[parts];
        for (int p = 0; p < parts; p++) {
            shards[p] = router.shardOf(args[p + 1]);
            String refused = refusal(links[shards[p]], args[p + 1], null);
            if (refused != null) {
                error(connection, refused);
                return;
            }
        }
        PendingCommand command = new PendingCommand(connection, gather, parts, scratch);
        connection.enqueue(command);
        for (int p = 0; p < parts; p++) {
            links[shards[p]].request(op, 0, args[p + 1], null, 0, command, p, deadline);
        }
    }

    private void mset(ClientConnection connection, byte[][] args, long deadline) {
        if (args.length % 2 != 1) {
            error(connection, Errors.wrongArity("mset"));
            return;
        }
        int parts = (args.length - 1) / 2;
        int[] shards = parts <= shardOfPart.length ? shardOfPart : new int[parts];
        for (int p = 0; p < parts; p++) {
            byte[] key = args[1 + 2 * p];
            shards[p] = router.shardOf(key);
            String refused = refusal(links[shards[p]], key, args[2 + 2 * p]);
            if (refused != null) {
                error(connection, refused);
                return;
            }
        }
        PendingCommand command = new PendingCommand(connection, PendingCommand.Gather.ALL_OK, parts, scratch);
        connection.enqueue(command);
        for (int p = 0; p < parts; p++) {
            links[shards[p]].request(ShardWire.SET, 0, args[1 + 2 * p], args[2 + 2 * p], 0, command, p, deadline);
        }
    }

    /** DBSIZE, FLUSHALL: one part on every shard. */
    private void everyShard(ClientConnection connection, byte op, PendingCommand.Gather gather, long deadline) {
        for (ShardLink link : links) {
            String refused = refusal(link, EMPTY, null);
            if (refused != null) {
                error(connection, refused);
                return;
            }
        }
        PendingCommand command = new PendingCommand(connection, gather, links.length, scratch);
        connection.enqueue(command);
        for (ShardLink link : links) {
            link.request(op, 0, EMPTY, null, 0, command, link.index, deadline);
        }
    }

    /** INFO: statistics from every shard that can be asked; the others are reported unavailable. */
    private void info(ClientConnection connection, byte[][] args, long now, long deadline) {
        Set<String> sections = InfoReport.sections(args);
        if (!sections.contains("bulwark") && !sections.contains("keyspace")) {
            RespWriter w = local(connection);
            info.write(w, sections, new PendingCommand.ShardStats[links.length], now);
            endLocal(connection, w);
            return;
        }
        PendingCommand command = PendingCommand.info(connection, links.length, scratch,
                (w, stats) -> info.write(w, sections, stats, now));
        connection.enqueue(command);
        for (ShardLink link : links) {
            String refused = refusal(link, EMPTY, null);
            if (refused == null) {
                link.request(ShardWire.STATS, 0, EMPTY, null, 0, command, link.index, deadline);
            }
        }
        for (ShardLink link : links) {
            String refused = refusal(link, EMPTY, null);
            if (refused != null) {
                command.partFailed(link.index, refused);
            }
        }
    }

    private static final byte[] EMPTY = new byte[0];

    /** Why a request with this key and value cannot go to {@code link}, or null if it can. */
    private static String refusal(ShardLink link, byte[] key, byte[] value) {
        if (!link.reachable()) {
            return "ERR shard " + link.name + " is unreachable: the front has no channel to it";
        }
        int valueLength = value == null ? 0 : value.length;
        long bytes = (long) key.length + valueLength;
        if (key.length > ShardTable.MAX_KEY_BYTES || bytes > link.maxKeyAndValue()) {
            return ("ERR key and value of %d bytes do not fit one message to shard %s: at most %d bytes of key and "
                    + "value per key (channel slots of %d bytes); nothing was stored").formatted(bytes, link.name,
                    Math.min(link.maxKeyAndValue(), ShardTable.MAX_KEY_BYTES),
                    link.maxKeyAndValue() + ShardWire.REQUEST_HEADER + ShardWire.BATCH_HEADER);
        }
        if (link.backlogged()) {
            return "TRYAGAIN shard " + link.name + " is not taking requests (more than "
                    + (ShardLink.MAX_BACKLOG_BYTES >> 20) + " MiB wait to be sent to it)";
        }
        return null;
    }

    // ---- replies the front gives itself ------------------------------------------------------------------

    private void error(ClientConnection connection, String text) {
        RespWriter w = local(connection);
        w.error(text);
        endLocal(connection, w);
    }

    /** Where a reply given at once goes: the connection's output if nothing is in flight, else the scratch writer. */
    private RespWriter local(ClientConnection connection) {
        if (connection.idle()) {
            return connection.out;
        }
        scratch.clear();
        return scratch;
    }

    private void endLocal(ClientConnection connection, RespWriter written) {
        if (written == scratch) {
            connection.enqueue(PendingCommand.answered(connection, scratch.toBytes()));
        } else {
            connection.outputWritten();
        }
    }

    /** Whether {@code given} is one of the lower-case {@code words}, in any case. */
    private static boolean isAny(byte[] given, String... words) {
        for (String word : words) {
            if (given.length == word.length()) {
                boolean same = true;
                for (int i = 0; i < given.length && same; i++) {
                    byte b = given[i];
                    same = (b >= 'A' && b <= 'Z' ? b + 32 : b) == word.charAt(i);
                }
                if (same) {
                    return true;
                }
            }
        }
        return false;
    }
}
