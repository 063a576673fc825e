package dev.bulwark.apps.wordcount;

import dev.bulwark.ipc.Message;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The messages of a word count, drawn once. All values little-endian. Every message of a job starts with
 * the job's id (the chip-clock time the driver started it): a receiver drops what belongs to an older job
 * and starts afresh on a newer one, so a driver that restarts its job never mixes two jobs' counts.
 *
 * <pre>
 *   CHUNK       driver  -> mapper    part of one attempt at one split; the mapper counts a split's words
 *     0 job (long) | 8 split (int) | 12 attempt (int) | 16 index (int: 0, 1, ...) | 20 last (int: 1 on the split's last)
 *     | 24 text ...
 *   COUNTS      mapper  -> reducer   one attempt's counts of the words that go to this reducer
 *     0 job | 8 split | 12 attempt | 16 seq (int: 0, 1, ... per attempt and reducer) | 20 entries ...
 *   END         mapper  -> reducer   the attempt sent this reducer {@code messages} COUNTS (maybe none)
 *     0 job | 8 split | 12 attempt | 16 messages (int)
 *   ACK         reducer -> driver    the reducer applied the split (once, whichever attempt came first)
 *     0 job | 8 split | 12 reducer's name (ASCII)
 *   HELLO       mapper, reducer -> driver   sent at every start: a restart lost what the sender held
 *     0 generation (long: incarnation &lt;&lt; 32 | starts in this incarnation) | 8 role (int) | 12 name length (int)
 *     | 16 name (ASCII) | reducers (a mapper's: comma-separated, ASCII)
 *   COLLECT     driver  -> reducer   send me your totals
 *     0 job
 *   RESULT      reducer -> driver    part of the totals
 *     0 job | 8 seq (int) | 12 entries ...
 *   RESULT_END  reducer -> driver    the totals were {@code messages} RESULTs
 *     0 job | 8 messages (int) | 12 reducer's name (ASCII)
 *   FAILED      mapper, reducer -> driver   the job cannot succeed; says why
 *     0 job | 8 text (UTF-8)
 *
 *   entry:  0 length (unsigned short) | 2 letters | 2 + length count (long)
 * </pre>
 */
public final class WcProtocol {
    private WcProtocol() {
    }

    public static final int CHUNK = 0x5743_01;
    public static final int COUNTS = 0x5743_02;
    public static final int END = 0x5743_03;
    public static final int ACK = 0x5743_04;
    public static final int HELLO = 0x5743_05;
    public static final int COLLECT = 0x5743_06;
    public static final int RESULT = 0x5743_07;
    public static final int RESULT_END = 0x5743_08;
    public static final int FAILED = 0x5743_09;

    public static final int CHUNK_HEADER = 24;
    public static final int COUNTS_HEADER = 20;
    public static final int RESULT_HEADER = 12;
    public static final int ENTRY_OVERHEAD = 2 + Long.BYTES;
    public static final int MAX_WORD = 0xffff;

    /** HELLO roles. */
    public static final int MAPPER = 1;
    public static final int REDUCER = 2;

    /** The longest word whose entry fits a message of {@code slotBytes} after a {@code header}. */
    public static int maxWord(int slotBytes, int header) {
        return Math.min(MAX_WORD, slotBytes - header - ENTRY_OVERHEAD);
    }

    /** A sandbox's generation: its incarnation and how often its app started in it; grows at every restart. */
    public static long generation(int incarnation, int starts) {
        return (long) incarnation << 32 | (starts & 0xffffffffL);
    }

    /** The generation of a sandbox's first start. */
    public static final long FIRST_GENERATION = generation(1, 1);

    public static byte[] hello(long generation, int role, String name, String reducers) {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        byte[] r = reducers.getBytes(StandardCharsets.US_ASCII);
        return le(16 + n.length + r.length).putLong(generation).putInt(role).putInt(n.length).put(n).put(r).array();
    }

    /** A HELLO as read. */
    public record Hello(long generation, int role, String name, String reducers) {
        public static Hello read(Message m) {
            byte[] p = m.payload();
            int nameLength = ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN).getInt(12);
            return new Hello(m.getLong(0), m.getInt(8), ascii(p, 16, nameLength),
                    ascii(p, 16 + nameLength, p.length - 16 - nameLength));
        }
    }

    public static byte[] end(long job, int split, int attempt, int messages) {
        return le(20).putLong(job).putInt(split).putInt(attempt).putInt(messages).array();
    }

    public static byte[] ack(long job, int split, String reducer) {
        byte[] n = reducer.getBytes(StandardCharsets.US_ASCII);
        return le(12 + n.length).putLong(job).putInt(split).put(n).array();
    }

    public static byte[] collect(long job) {
        return le(8).putLong(job).array();
    }

    public static byte[] resultEnd(long job, int messages, String reducer) {
        byte[] n = reducer.getBytes(StandardCharsets.US_ASCII);
        return le(12 + n.length).putLong(job).putInt(messages).put(n).array();
    }

    public static byte[] failed(long job, String why) {
        byte[] t = why.getBytes(StandardCharsets.UTF_8);
        return le(8 + t.length).putLong(job).put(t).array();
    }

    /** The text of a FAILED message. */
    public static String failure(Message m) {
        byte[] p = m.payload();
        return new String(p, 8, p.length - 8, StandardCharsets.UTF_8);
    }

    /** The ASCII text of a message's payload from {@code at} to its end (a name in ACK or RESULT_END). */
    public static String textFrom(Message m, int at) {
        byte[] p = new byte[m.length() - at];
        m.getBytes(at, p, 0, p.length);
        return new String(p, StandardCharsets.US_ASCII);
    }

    /** Calls {@code visitor} for each entry of {@code payload} from {@code at}. */
    public static void forEachEntry(byte[] payload, int at, EntryVisitor visitor) {
        int i = at;
        while (i < payload.length) {
            int length = (payload[i] & 0xff) | (payload[i + 1] & 0xff) << 8;
            long count = ByteBuffer.wrap(payload, i + 2 + length, Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).getLong();
            visitor.entry(payload, i + 2, length, count);
            i += ENTRY_OVERHEAD + length;
        }
    }

    /** One entry of a COUNTS or RESULT payload: a word ({@code length} bytes from {@code offset}) and its count. */
    @FunctionalInterface
    public interface EntryVisitor {
        void entry(byte[] payload, int offset, int length, long count);
    }

    private static ByteBuffer le(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static String ascii(byte[] p, int at, int length) {
        return new String(p, at, length, StandardCharsets.US_ASCII);
    }
}
