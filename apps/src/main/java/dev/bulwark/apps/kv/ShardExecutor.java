package dev.bulwark.apps.kv;

import dev.bulwark.ipc.Message;

import java.nio.charset.StandardCharsets;

/**
 * Carries out one shard's request records against its {@link ShardTable} and writes one reply record for
 * each into an {@link Outbox}, with Redis's semantics for each op ({@link ShardWire} lists them). Keys and
 * values are copied out of the message into scratch arrays that live as long as the executor.
 *
 * <p>Threading: the shard app's thread only.
 */
final class ShardExecutor {
    static final String NOT_AN_INTEGER = "ERR value is not an integer or out of range";
    static final String OVERFLOW = "ERR increment or decrement would overflow";
    static final String OOM = "OOM command not allowed when used memory > 'maxmemory'.";

    private static final byte[] NOT_AN_INTEGER_BYTES = NOT_AN_INTEGER.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OVERFLOW_BYTES = OVERFLOW.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OOM_BYTES = OOM.getBytes(StandardCharsets.US_ASCII);

    private final ShardTable table;
    private final byte[] key = new byte[ShardTable.MAX_KEY_BYTES];
    private byte[] value = new byte[256];
    private byte[] old = new byte[256];
    private final byte[] digits = new byte[24];
    private final Decimal decimal = new Decimal();

    ShardExecutor(ShardTable table) {
        this.table = table;
    }

    /**
     * Executes the request record at {@code at} of {@code request}, replying into {@code out}; returns the
     * record's length.
     *
     * @throws IllegalArgumentException if the record runs past the message or names an unknown op
     */
    int execute(Message request, int at, Outbox out, long now) {
        if (at + ShardWire.REQUEST_HEADER > request.length()) {
            throw new IllegalArgumentException("request record at byte " + at + " of a " + request.length()
                    + "-byte batch is cut short");
        }
        byte op = request.getByte(at + ShardWire.OP);
        int flags = request.getByte(at + ShardWire.FLAGS) & 0xff;
        int keyLength = request.getInt(at + ShardWire.KEY_LENGTH) & 0xffff;
        int valueLength = request.getInt(at + ShardWire.VALUE_LENGTH);
        long seq = request.getLong(at + ShardWire.SEQ);
        long argument = request.getLong(at + ShardWire.ARGUMENT);
        int length = ShardWire.REQUEST_HEADER + keyLength + valueLength;
        if (valueLength < 0 || at + length > request.length()) {
            throw new IllegalArgumentException("request record at byte " + at + " (key " + keyLength + " B, value "
                    + valueLength + " B) runs past its " + request.length() + "-byte batch");
        }
        request.getBytes(at + ShardWire.REQUEST_HEADER, key, 0, keyLength);
        switch (op) {
            case ShardWire.GET -> get(out, seq, keyLength, now);
            case ShardWire.SET -> {
                if (valueLength > value.length) {
                    value = new byte[Math.max(valueLength, value.length * 2)];
                }
                request.getBytes(at + ShardWire.REQUEST_HEADER + keyLength, value, 0, valueLength);
                set(out, seq, keyLength, valueLength, flags, argument, now);
            }
            case ShardWire.DEL -> reply(out, seq, ShardWire.INT, table.delete(key, keyLength, now) ? 1 : 0);
            case ShardWire.EXISTS -> reply(out, seq, ShardWire.INT, table.find(key, keyLength, now) >= 0 ? 1 : 0);
            case ShardWire.INCRBY -> incrBy(out, seq, keyLength, argument, now);
            case ShardWire.PTTL -> reply(out, seq, ShardWire.INT, pttl(keyLength, now));
            case ShardWire.DBSIZE -> reply(out, seq, ShardWire.INT, table.keys());
            case ShardWire.FLUSHALL -> {
                table.clear();
                reply(out, seq, ShardWire.OK, 0);
            }
            case ShardWire.STATS -> stats(out, seq);
            default -> throw new IllegalArgumentException("request record at byte " + at + " has unknown op " + op);
        }
        return length;
    }

    private void get(Outbox out, long seq, int keyLength, long now) {
        long entry = table.find(key, keyLength, now);
        if (entry < 0) {
            reply(out, seq, ShardWire.NIL, 0);
            return;
        }
        int n = table.valueLength(entry);
        if (!fits(out, seq, n)) {
            return;
        }
        int at = header(out, seq, ShardWire.BULK, n, 0);
        table.readValue(entry, n, out.buffer(), at + ShardWire.REPLY_HEADER);
    }

    private void set(Outbox out, long seq, int keyLength, int valueLength, int flags, long ttlNanos, long now) {
        long entry = table.find(key, keyLength, now);
        boolean exists = entry >= 0;
        int oldLength = -1;
        if ((flags & ShardWire.GET_OLD) != 0 && exists) {
            oldLength = table.valueLength(entry);
            if (!fits(out, seq, oldLength)) {
                return; // SET ... GET of a value too big to send back: refused before anything changes
            }
            if (oldLength > old.length) {
                old = new byte[Math.max(oldLength, old.length * 2)];
            }
            table.readValue(entry, oldLength, old, 0);
        }
        boolean apply = !((flags & ShardWire.NX) != 0 && exists || (flags & ShardWire.XX) != 0 && !exists);
        if (apply) {
            long expiresAt = 0;
            if ((flags & ShardWire.TTL) != 0) {
                expiresAt = now + ttlNanos;
                if (ttlNanos > 0 && expiresAt - now < 0) {
                    expiresAt = Long.MAX_VALUE; // past the end of the clock: never, in practice
                }
                expiresAt = expiresAt == 0 ? 1 : expiresAt;
            } else if ((flags & ShardWire.KEEPTTL) != 0 && exists) {
                expiresAt = table.expiresAt(entry);
            }
            if (table.put(key, keyLength, value, 0, valueLength, expiresAt) == ShardTable.FULL) {
                error(out, seq, OOM_BYTES);
                return;
            }
        }
        if ((flags & ShardWire.GET_OLD) != 0) {
            if (oldLength < 0) {
                reply(out, seq, ShardWire.NIL, 0);
            } else {
                bytes(out, seq, ShardWire.BULK, old, oldLength);
            }
        } else {
            reply(out, seq, apply ? ShardWire.OK : ShardWire.NIL, 0);
        }
    }

    private void incrBy(Outbox out, long seq, int keyLength, long delta, long now) {
        long entry = table.find(key, keyLength, now);
        long current = 0;
        long expiresAt = 0;
        if (entry >= 0) {
            int n = table.valueLength(entry);
            if (n > digits.length) {
                error(out, seq, NOT_AN_INTEGER_BYTES);
                return;
            }
            table.readValue(entry, n, digits, 0);
            if (!decimal.parse(digits, 0, n)) {
                error(out, seq, NOT_AN_INTEGER_BYTES);
                return;
            }
            current = decimal.value();
            expiresAt = table.expiresAt(entry);
        }
        if (delta < 0 ? current < Long.MIN_VALUE - delta : current > Long.MAX_VALUE - delta) {
            error(out, seq, OVERFLOW_BYTES);
            return;
        }
        long next = current + delta;
        int n = Decimal.format(next, digits);
        if (table.put(key, keyLength, digits, 0, n, expiresAt) == ShardTable.FULL) {
            error(out, seq, OOM_BYTES);
            return;
        }
        reply(out, seq, ShardWire.INT, next);
    }

    private long pttl(int keyLength, long now) {
        long entry = table.find(key, keyLength, now);
        if (entry < 0) {
            return -2;
        }
        long expiresAt = table.expiresAt(entry);
        if (expiresAt == 0) {
            return -1;
        }
        return Math.max(0, (expiresAt - now + 999_999) / 1_000_000);
    }

    private void stats(Outbox out, long seq) {
        int at = header(out, seq, ShardWire.STATS_REPLY, ShardWire.STATS_BYTES, table.keys());
        byte[] b = out.buffer();
        int body = at + ShardWire.REPLY_HEADER;
        Outbox.putLong(b, body, table.usedBytes());
        Outbox.putLong(b, body + 8, table.capacityBytes());
        Outbox.putLong(b, body + 16, table.expiring());
        Outbox.putLong(b, body + 24, table.maxKeys());
    }

    /** Whether a reply with {@code n} bytes of value fits a reply message; if not, replies an error saying so. */
    private static boolean fits(Outbox out, long seq, int n) {
        if (ShardWire.REPLY_HEADER + n <= out.maxRecord()) {
            return true;
        }
        error(out, seq, ("ERR the value of %d bytes does not fit the shard's reply channel (%d bytes a message)")
                .formatted(n, out.maxRecord() + ShardWire.BATCH_HEADER).getBytes(StandardCharsets.US_ASCII));
        return false;
    }

    private static void reply(Outbox out, long seq, byte kind, long number) {
        header(out, seq, kind, 0, number);
    }

    private static void error(Outbox out, long seq, byte[] text) {
        bytes(out, seq, ShardWire.ERROR, text, text.length);
    }

    private static void bytes(Outbox out, long seq, byte kind, byte[] src, int n) {
        int at = header(out, seq, kind, n, 0);
        System.arraycopy(src, 0, out.buffer(), at + ShardWire.REPLY_HEADER, n);
    }

    /** Begins a reply record with {@code n} bytes after its header; returns its offset in the outbox's buffer. */
    private static int header(Outbox out, long seq, byte kind, int n, long number) {
        int at = out.begin(ShardWire.REPLY_HEADER + n);
        byte[] b = out.buffer();
        Outbox.putLong(b, at + ShardWire.REPLY_SEQ, seq);
        Outbox.putInt(b, at + ShardWire.KIND, kind & 0xff); // kind, then three zero bytes
        Outbox.putInt(b, at + ShardWire.BYTES_LENGTH, n);
        Outbox.putLong(b, at + ShardWire.NUMBER, number);
        return at;
    }
}
