package dev.bulwark.apps.kv;

import dev.bulwark.ipc.Message;
import dev.bulwark.ipc.Sender;

import java.util.Arrays;

/**
 * The front's side of one shard: the outbox of request records bound for it, and the requests sent (or
 * about to be) and not yet answered, in sequence order, each with the command part it serves and its
 * deadline. The seq of a request is this link's counter, started at the front's clock when the front
 * starts, so a new front instance never reuses a seq an earlier one may still get a reply for.
 *
 * <h2>Matching replies</h2>
 * The shard answers every request it takes, in order (channels are FIFO). So a reply for seq {@code s}
 * settles every request before {@code s} still waiting here: the shard took them and will never answer
 * them (an incarnation that failed, or an app instance that restarted, had them). Those get a TRYAGAIN
 * error at once, naming the shard's incarnation if it changed. A reply whose seq is not waiting any more
 * (its request timed out, or was settled so) is dropped.
 *
 * <h2>Deadlines</h2>
 * A request not answered within the timeout gets a TRYAGAIN error naming it ({@link #expire}). Either way
 * the command may or may not have been applied, and the error says so.
 *
 * <p>Threading: the front's thread only.
 */
final class ShardLink {
    /** The command of a fence request: no client's, so its reply and its failure go nowhere. */
    static final PendingCommand FENCE = null;
    private static final byte[] NO_KEY = new byte[0];

    /** Batches waiting in the outbox beyond which the shard is taken to be not taking requests. */
    static final int MAX_BACKLOG_BYTES = 8 << 20;

    final int index;
    final String name;
    private final Sender to;
    private final Outbox requests;
    private final String timeoutText;
    private long nextSeq;

    // requests not yet answered: a ring of parallel arrays, oldest at head
    private long[] seqs = new long[64];
    private PendingCommand[] commands = new PendingCommand[64];
    private int[] parts = new int[64];
    private long[] deadlines = new long[64];
    private int head;
    private int count;

    private int incarnation;
    private boolean announced; // a STARTED notice came: the next one is a restart
    private long restartsSeen;
    private long lost;
    private long timedOut;
    private long lateDropped;

    /**
     * The link to shard {@code name} (number {@code index} in the front's list) over {@code to}; seqs start at
     * {@code firstSeq}; {@code timeoutText} names the timeout in errors.
     */
    ShardLink(int index, String name, Sender to, long firstSeq, String timeoutText) {
        this.index = index;
        this.name = name;
        this.to = to;
        this.requests = to == null ? null : new Outbox(to.slotBytes(), ShardWire.REQUESTS);
        if (requests != null) {
            requests.shardIndex(index);
        }
        this.nextSeq = firstSeq;
        this.timeoutText = timeoutText;
    }

    /** Whether the front has a channel to this shard. */
    boolean reachable() {
        return to != null;
    }

    /** The most key and value bytes one request to this shard carries. */
    int maxKeyAndValue() {
        return requests.maxRecord() - ShardWire.REQUEST_HEADER;
    }

    /** Whether so much waits to be sent that the shard is not taking requests (stopped, or stuck). */
    boolean backlogged() {
        return requests.backlogBytes() > MAX_BACKLOG_BYTES;
    }

    /**
     * Appends a request record for part {@code part} of {@code command}, due by {@code deadline}. The key is
     * all of {@code key}; the value {@code value} (null: none).
     */
    void request(byte op, int flags, byte[] key, byte[] value, long argument, PendingCommand command, int part,
                 long deadline) {
        int valueLength = value == null ? 0 : value.length;
        int at = requests.begin(ShardWire.REQUEST_HEADER + key.length + valueLength);
        byte[] b = requests.buffer();
        long seq = nextSeq++;
        Outbox.putInt(b, at + ShardWire.OP, (op & 0xff) | (flags & 0xff) << 8 | key.length << 16);
        Outbox.putInt(b, at + ShardWire.VALUE_LENGTH, valueLength);
        Outbox.putLong(b, at + ShardWire.SEQ, seq);
        Outbox.putLong(b, at + ShardWire.ARGUMENT, argument);
        System.arraycopy(key, 0, b, at + ShardWire.REQUEST_HEADER, key.length);
        if (valueLength > 0) {
            System.arraycopy(value, 0, b, at + ShardWire.REQUEST_HEADER + key.length, valueLength);
        }
        push(seq, command, part, deadline);
    }

    /** Sends what the outbox holds; false if the channel refused some (retry later). */
    boolean flush() {
        return requests == null || requests.flush(to);
    }

    /**
     * The reply record at {@code at} of {@code message} (from incarnation {@code fromIncarnation} of the
     * shard): settles the requests before it as lost and hands it to its command part, or drops it if its
     * request is no longer waiting.
     */
    void replied(Message message, int at, int fromIncarnation) {
        long seq = message.getLong(at + ShardWire.REPLY_SEQ);
        if (count > 0 && seqs[head] - seq < 0) {
            boolean restarted = fromIncarnation > incarnation && (incarnation > 0 || fromIncarnation > 1);
            String error = restarted
                    ? "TRYAGAIN shard %s restarted (now incarnation %d) before answering; the command may or may not have been applied"
                    .formatted(name, fromIncarnation)
                    : "TRYAGAIN shard %s (incarnation %d) lost the command before answering (its app restarted); the command may or may not have been applied"
                    .formatted(name, fromIncarnation);
            while (count > 0 && seqs[head] - seq < 0) {
                lost++;
                failHead(error);
            }
        }
        noteIncarnation(fromIncarnation);
        if (count > 0 && seqs[head] == seq) {
            PendingCommand command = commands[head];
            int part = parts[head];
            pop();
            if (command != FENCE) {
                command.partReplied(part, message, at);
            }
        } else {
            lateDropped++;
        }
    }

    /** Fails every request whose deadline has passed at {@code now}. */
    void expire(long now) {
        while (count > 0 && deadlines[head] - now <= 0) {
            timedOut++;
            failHead("TRYAGAIN shard %s did not answer within %s (it may be recovering); the command may or may not have been applied"
                    .formatted(name, timeoutText));
        }
    }

    /**
     * The shard's app instance in incarnation {@code fromIncarnation} started ({@link ShardWire#STARTED}): an app
     * restarted in place (its predecessor threw while handling a batch) or a new incarnation (its predecessor
     * failed, perhaps while handling one). A request the dead instance had taken will never be answered, and only a
     * later reply would settle it (the matching rule above): a closed-loop client, which sends nothing more until it
     * is answered, would wait out the timeout. So if requests are waiting, the link sends a fence: a DBSIZE request
     * of its own ({@link #FENCE}, no client's) behind them. The new instance answers the queued requests, then the
     * fence, and the fence's reply settles exactly the requests the dead instance took. The shard's boot (the first
     * notice this link gets, before any reply) needs none.
     */
    void started(int fromIncarnation, long deadline) {
        // A front restarted since the shard's boot sees its replies before any notice, so its next notice is a restart.
        boolean boot = !announced && incarnation == 0 && fromIncarnation <= 1;
        announced = true;
        if (boot || fromIncarnation < incarnation || count == 0) {
            return;
        }
        request(ShardWire.DBSIZE, 0, NO_KEY, null, 0, FENCE, 0, deadline);
    }

    /** Records the incarnation a message of the shard's came from. */
    void noteIncarnation(int fromIncarnation) {
        if (fromIncarnation > incarnation) {
            if (incarnation > 0) {
                restartsSeen++;
            }
            incarnation = fromIncarnation;
        }
    }

    /** The newest incarnation the shard's replies came from (0: none yet). */
    int incarnation() {
        return incarnation;
    }

    long restartsSeen() {
        return restartsSeen;
    }

    long lost() {
        return lost;
    }

    long timedOut() {
        return timedOut;
    }

    long lateDropped() {
        return lateDropped;
    }

    /** Requests not yet answered. */
    int waiting() {
        return count;
    }

    private void failHead(String error) {
        PendingCommand command = commands[head];
        int part = parts[head];
        pop();
        if (command != FENCE) {
            command.partFailed(part, error);
        }
    }

    private void push(long seq, PendingCommand command, int part, long deadline) {
        if (count == seqs.length) {
            grow();
        }
        int tail = (head + count) & (seqs.length - 1);
        seqs[tail] = seq;
        commands[tail] = command;
        parts[tail] = part;
        deadlines[tail] = deadline;
        count++;
    }

    private void pop() {
        commands[head] = null;
        head = (head + 1) & (seqs.length - 1);
        count--;
    }

    private void grow() {
        int n = seqs.length;
        long[] s = new long[n * 2];
        PendingCommand[] c = new PendingCommand[n * 2];
        int[] p = new int[n * 2];
        long[] d = new long[n * 2];
        for (int i = 0; i < count; i++) {
            int from = (head + i) & (n - 1);
            s[i] = seqs[from];
            c[i] = commands[from];
            p[i] = parts[from];
            d[i] = deadlines[from];
        }
        seqs = s;
        commands = c;
        parts = p;
        deadlines = d;
        head = 0;
        Arrays.fill(commands, count, commands.length, null);
    }
}
