package dev.bulwark.apps.kv;

import dev.bulwark.ipc.Sender;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayDeque;

/**
 * Records bound for one channel, packed into batches of at most one message each ({@link ShardWire}'s batch
 * layout). Records are appended to the open batch; a record that does not fit seals it and opens the next.
 * {@link #flush} sends the sealed batches and then the open one, in order, and stops at the first the
 * channel refuses: what it could not send stays here, in order, for the next flush. Nothing is dropped.
 *
 * <p>Buffers are reused: a sent batch's array goes back to a spare list, so a steady flow allocates nothing.
 *
 * <p>Threading: the owning app's thread only.
 */
final class Outbox {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    private record Sealed(byte[] bytes, int length) {
    }

    private final int slotBytes;
    private final int type;
    private final ArrayDeque<Sealed> sealed = new ArrayDeque<>();
    private final ArrayDeque<byte[]> spare = new ArrayDeque<>();
    private byte[] open;
    private int length;
    private int shardIndex;
    private long batchesSent;

    /** Batches of message {@code type} for a channel whose messages carry at most {@code slotBytes}. */
    Outbox(int slotBytes, int type) {
        if (slotBytes < ShardWire.BATCH_HEADER + ShardWire.REQUEST_HEADER + 8) {
            throw new IllegalArgumentException("channel slots of " + slotBytes + " bytes are too small for a KV record");
        }
        this.slotBytes = slotBytes;
        this.type = type;
    }

    /** The shard index written in the header of each batch sent from now on. */
    void shardIndex(int index) {
        this.shardIndex = index;
    }

    /** The largest record a batch takes. */
    int maxRecord() {
        return slotBytes - ShardWire.BATCH_HEADER;
    }

    /**
     * Starts a record of {@code bytes}; returns its offset in {@link #buffer()}, where the caller writes it
     * before starting another.
     */
    int begin(int bytes) {
        if (bytes > maxRecord()) {
            throw new IllegalArgumentException("a record of " + bytes + " bytes does not fit a channel message of "
                    + slotBytes + " bytes");
        }
        if (open != null && length + bytes > slotBytes) {
            seal();
        }
        if (open == null) {
            open = spare.isEmpty() ? new byte[slotBytes] : spare.pop();
            length = ShardWire.BATCH_HEADER;
        }
        int at = length;
        length += bytes;
        return at;
    }

    /** Shortens the record just begun at {@code at} to {@code bytes}. */
    void end(int at, int bytes) {
        length = at + bytes;
    }

    /** The open batch's buffer, where the record just begun goes. */
    byte[] buffer() {
        return open;
    }

    /** Whether nothing waits to be sent. */
    boolean isEmpty() {
        return sealed.isEmpty() && open == null;
    }

    /** Bytes waiting to be sent. */
    long backlogBytes() {
        return (long) sealed.size() * slotBytes + (open == null ? 0 : length);
    }

    /** Batches handed to the channel so far. */
    long batchesSent() {
        return batchesSent;
    }

    /** Sends what waits, in order; false if the channel refused one (the rest waits for the next flush). */
    boolean flush(Sender to) {
        while (!sealed.isEmpty()) {
            Sealed next = sealed.peek();
            if (!send(to, next.bytes(), next.length())) {
                return false;
            }
            sealed.pop();
            spare.push(next.bytes());
        }
        if (open != null) {
            if (!send(to, open, length)) {
                return false;
            }
            spare.push(open);
            open = null;
        }
        return true;
    }

    private boolean send(Sender to, byte[] batch, int batchLength) {
        SHORT.set(batch, 0, (short) shardIndex);
        SHORT.set(batch, 2, (short) 0);
        if (!to.send(type, batch, 0, batchLength)) {
            return false;
        }
        batchesSent++;
        return true;
    }

    private void seal() {
        sealed.add(new Sealed(open, length));
        open = null;
    }

    static void putLong(byte[] b, int at, long v) {
        LONG.set(b, at, v);
    }

    static void putInt(byte[] b, int at, int v) {
        INT.set(b, at, v);
    }

    static void putShort(byte[] b, int at, int v) {
        SHORT.set(b, at, (short) v);
    }
}
