package dev.bulwark.apps.kv;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The commands the KV front knows, with what Redis 7's command table says of each: the arity (negative:
 * at least that many arguments, the name included), flags, and where the keys are (first, last, step;
 * last -1: to the end). The front checks arity from here and answers {@code COMMAND} from here.
 *
 * <p>{@link #find} looks a name up case-insensitively without allocating.
 */
enum Command {
    PING(-1, "fast"),
    ECHO(2, "fast"),
    QUIT(-1, "fast", "no_auth"),
    SELECT(2, "loading", "stale", "fast"),
    GET(2, 1, 1, 1, "readonly", "fast"),
    SET(-3, 1, 1, 1, "write", "denyoom"),
    DEL(-2, 1, -1, 1, "write"),
    EXISTS(-2, 1, -1, 1, "readonly", "fast"),
    INCR(2, 1, 1, 1, "write", "denyoom", "fast"),
    INCRBY(3, 1, 1, 1, "write", "denyoom", "fast"),
    DECR(2, 1, 1, 1, "write", "denyoom", "fast"),
    DECRBY(3, 1, 1, 1, "write", "denyoom", "fast"),
    MSET(-3, 1, -1, 2, "write", "denyoom"),
    MGET(-2, 1, -1, 1, "readonly", "fast"),
    TTL(2, 1, 1, 1, "readonly", "fast"),
    PTTL(2, 1, 1, 1, "readonly", "fast"),
    DBSIZE(1, "readonly", "fast"),
    FLUSHALL(-1, "write"),
    FLUSHDB(-1, "write"),
    INFO(-1, "loading", "stale"),
    COMMAND(-1, "loading", "stale"),
    CONFIG(-2, "admin", "noscript", "loading", "stale"),
    CLIENT(-2, "admin", "noscript", "loading", "stale"),
    HELLO(-1, "noscript", "loading", "stale", "fast", "no_auth");

    final String lowerName = name().toLowerCase();
    final byte[] nameBytes = lowerName.getBytes(StandardCharsets.US_ASCII);
    final int arity;
    final int firstKey;
    final int lastKey;
    final int step;
    final List<String> flags;

    Command(int arity, String... flags) {
        this(arity, 0, 0, 0, flags);
    }

    Command(int arity, int firstKey, int lastKey, int step, String... flags) {
        this.arity = arity;
        this.firstKey = firstKey;
        this.lastKey = lastKey;
        this.step = step;
        this.flags = List.of(flags);
    }

    /** Whether {@code argc} arguments (the name included) suit this command's arity. */
    boolean arityFits(int argc) {
        return arity > 0 ? argc == arity : argc >= -arity;
    }

    private static final Command[] TABLE = new Command[64];

    static {
        for (Command c : values()) {
            int i = hash(c.nameBytes) & (TABLE.length - 1);
            while (TABLE[i] != null) {
                i = (i + 1) & (TABLE.length - 1);
            }
            TABLE[i] = c;
        }
    }

    /** The command named {@code name} (any case), or null. */
    static Command find(byte[] name) {
        int i = hash(name) & (TABLE.length - 1);
        while (TABLE[i] != null) {
            if (equalsIgnoreCase(TABLE[i].nameBytes, name)) {
                return TABLE[i];
            }
            i = (i + 1) & (TABLE.length - 1);
        }
        return null;
    }

    /** Whether ASCII {@code lower} (lower case) equals {@code given} in any case. */
    static boolean equalsIgnoreCase(byte[] lower, byte[] given) {
        if (lower.length != given.length) {
            return false;
        }
        for (int i = 0; i < lower.length; i++) {
            if (lower[i] != toLower(given[i])) {
                return false;
            }
        }
        return true;
    }

    private static int hash(byte[] name) {
        int h = 0;
        for (byte b : name) {
            h = h * 31 + toLower(b);
        }
        return h ^ (h >>> 7);
    }

    private static byte toLower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
    }
}
