package dev.bulwark.apps.kv;

/**
 * What the front and its shards say to each other over their channels: batches of requests one way,
 * batches of replies the other, each record tagged with the front's sequence number for it. The one place
 * that draws these layouts.
 *
 * <pre>
 *   a batch (one channel message):   0 u16 shard index (in the front's list) | 2 u16 0 | 4 records...
 *
 *   a request record (24 bytes + key + value):
 *     0 u8 op | 1 u8 flags | 2 u16 key length | 4 u32 value length | 8 i64 seq | 16 i64 argument
 *     | 24 key bytes | value bytes
 *
 *   a reply record (24 bytes + bytes):
 *     0 i64 seq | 8 u8 kind | 9 u8 0 | 10 u16 0 | 12 u32 bytes length | 16 i64 number | 24 bytes
 * </pre>
 *
 * The shard answers every request record, in the order it received them, with one reply record carrying
 * the same seq (channels are FIFO): that is what lets the front tell a lost request from a late one. The
 * shard echoes the shard index of the requests in its reply batches, so the front knows which shard a reply
 * comes from without knowing sandbox ids.
 *
 * <p>A value travels whole in one record: a key and value that do not fit one message are refused by the
 * front ({@link #maxKeyAndValue}), never split or truncated. A reply is never longer than the request it
 * answers (a GET's reply carries a value a SET's request carried), except a STATS reply and an error text.
 */
final class ShardWire {
    private ShardWire() {
    }

    /** Channel message type of a batch of request records (front to shard). */
    static final int REQUESTS = 1;
    /** Channel message type of a batch of reply records (shard to front). */
    static final int REPLIES = 2;
    /**
     * Channel message type of a shard app's start (shard to front), its payload the shard's sandbox name: a new
     * incarnation, or an app restarted in place after an exception, which took the request it was handling with it.
     */
    static final int STARTED = 3;

    static final int BATCH_HEADER = 4;
    static final int REQUEST_HEADER = 24;
    static final int REPLY_HEADER = 24;

    // request record fields
    static final int OP = 0;
    static final int FLAGS = 1;
    static final int KEY_LENGTH = 2;
    static final int VALUE_LENGTH = 4;
    static final int SEQ = 8;
    static final int ARGUMENT = 16;

    // reply record fields
    static final int REPLY_SEQ = 0;
    static final int KIND = 8;
    static final int BYTES_LENGTH = 12;
    static final int NUMBER = 16;

    // ops
    /** Reply: the value (BULK) or NIL. */
    static final byte GET = 1;
    /** Argument: time to live in ns when {@link #TTL}; flags NX, XX, GET, KEEPTTL, TTL. Reply: OK, NIL or the old value. */
    static final byte SET = 2;
    /** Reply: INT 1 if a live key was deleted, else 0. */
    static final byte DEL = 3;
    /** Reply: INT 1 if the key is live, else 0. */
    static final byte EXISTS = 4;
    /** Argument: the increment. Reply: INT the new value, or an ERROR. */
    static final byte INCRBY = 5;
    /** Reply: INT the milliseconds to live (rounded up), -1 without expiry, -2 if absent. */
    static final byte PTTL = 6;
    /** Reply: INT the shard's keys. */
    static final byte DBSIZE = 7;
    /** Reply: OK once every key is gone. */
    static final byte FLUSHALL = 8;
    /** Reply: STATS. */
    static final byte STATS = 9;

    // SET flags
    static final int NX = 1;
    static final int XX = 2;
    static final int GET_OLD = 4;
    static final int KEEPTTL = 8;
    static final int TTL = 16;

    // reply kinds
    static final byte OK = 1;
    static final byte NIL = 2;
    /** The number field holds the integer. */
    static final byte INT = 3;
    /** The bytes are the value. */
    static final byte BULK = 4;
    /** The bytes are the error's text, code first ("ERR ...", "OOM ..."). */
    static final byte ERROR = 5;
    /** The number field holds the keys; the bytes four i64: used bytes, capacity bytes, keys with expiry, max keys. */
    static final byte STATS_REPLY = 6;

    static final int STATS_BYTES = 32;

    /** The most key and value bytes one request record carries on a channel of {@code slotBytes}. */
    static int maxKeyAndValue(int slotBytes) {
        return slotBytes - BATCH_HEADER - REQUEST_HEADER;
    }
}
