package dev.bulwark.apps.kv;

/**
 * Which shard a key lives on: Redis Cluster's key slot, {@code CRC16(key) mod 16384} (CRC-16/XMODEM, the
 * polynomial 0x1021 of Redis's {@code crc16.c}), taken mod the number of shards. As in Redis Cluster, a key
 * with a hash tag, a non-empty part between the first '{' and the next '}', is hashed on that part only, so
 * {@code user:{42}:name} and {@code user:{42}:mail} live on the same shard.
 *
 * <p>Immutable; any thread. Public for the clients that must know where a key lives (a drill's KV client).
 */
public final class KeyRouter {
    /** Redis Cluster's number of key slots. */
    static final int SLOTS = 16384;

    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            TABLE[i] = crc & 0xffff;
        }
    }

    private final int shards;

    public KeyRouter(int shards) {
        if (shards < 1) {
            throw new IllegalArgumentException("a KV store needs at least one shard");
        }
        this.shards = shards;
    }

    /** The shard (0 .. shards-1) of {@code key}. */
    public int shardOf(byte[] key) {
        return slot(key) % shards;
    }

    /** Redis Cluster's key slot of {@code key}, hash tags honoured. */
    static int slot(byte[] key) {
        int open = -1;
        for (int i = 0; i < key.length; i++) {
            if (key[i] == '{') {
                open = i;
                break;
            }
        }
        if (open >= 0) {
            for (int close = open + 1; close < key.length; close++) {
                if (key[close] == '}') {
                    if (close > open + 1) {
                        return crc16(key, open + 1, close - open - 1) & (SLOTS - 1);
                    }
                    break;
                }
            }
        }
        return crc16(key, 0, key.length) & (SLOTS - 1);
    }

    /** CRC-16/XMODEM of {@code length} bytes of {@code bytes} from {@code offset}. */
    static int crc16(byte[] bytes, int offset, int length) {
        int crc = 0;
        for (int i = offset; i < offset + length; i++) {
            crc = ((crc << 8) ^ TABLE[((crc >>> 8) ^ bytes[i]) & 0xff]) & 0xffff;
        }
        return crc;
    }
}
