package dev.bulwark.apps.kv;

import dev.bulwark.ipc.Message;
import dev.bulwark.ipc.Sender;
import dev.bulwark.sandbox.app.App;
import dev.bulwark.sandbox.app.AppContext;
import dev.bulwark.sandbox.app.AppDescriptor;
import dev.bulwark.sandbox.app.AppParam;
import dev.bulwark.sandbox.app.AppParams;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One shard of the KV store: it keeps its keys in a {@link ShardTable} in its own memory, carries out the
 * request batches its front sends ({@link ShardWire}) and sends back one reply per request, in order,
 * packed into reply batches.
 *
 * <p>Replies collect while the kernel drains its inbound channel and go out on a zero-delay timer (the
 * kernel's next pass), or as soon as a batch is full; a full channel to the front keeps them, in order, and
 * retries shortly. Expired keys go lazily when touched, and a sweep timer walks the index for the rest.
 *
 * <p>What survives what: the table lives in the app's memory, so an app restart (a fresh instance, the same
 * memory) keeps every key, and so does a microreboot once the shard's memory check ({@link ShardCheck}: a walk
 * of the whole index and heap) has passed; a kernel restart from the pristine image gives the shard a zeroed
 * partition and it starts empty. Either way, the replies it had not yet sent are lost with the instance: its
 * front answers those requests with an error ({@link KvFront} says how). A table the shard finds corrupt on
 * its hot path ({@link ShardTable} says what it checks there) traps its kernel: no wrong value is answered.
 */
public final class KvShard implements App {
    public static final String NAME = "kv-shard";

    static final long FLUSH = 1;
    static final long SWEEP = 2;
    /** How long a full channel to the front is left before the next try. */
    static final long RETRY_NANOS = 50_000;
    static final long SWEEP_NANOS = 100_000_000;
    /** Index slots the sweep looks at each round, at least (a full pass takes at most 32 rounds beyond that). */
    static final int SWEEP_SLOTS = 1024;

    /** The shard as a chip knows it. */
    public static final AppDescriptor DESCRIPTOR = AppDescriptor.of(NAME,
                    "One shard of the Redis-compatible KV store: keys in an off-heap table in its own memory.",
                    KvShard::create)
            .withParams(AppParam.required("front", AppParam.Kind.PEER, "the kv-front sandbox its replies go to"))
            .withState(KvShard::describe)
            .withMemoryCheck(ShardCheck::problem);

    private final String front;

    private ShardTable table;
    private ShardExecutor executor;
    private Sender toFront;
    private Outbox replies;
    private boolean flushSet;
    private int sweepSlots;

    private KvShard(String front) {
        this.front = front;
    }

    static App create(Map<String, String> params) {
        return new KvShard(AppParams.read(DESCRIPTOR, params).text("front"));
    }

    @Override
    public void start(AppContext context) {
        table = new ShardTable(context.memory());
        executor = new ShardExecutor(table);
        toFront = context.channelTo(front);
        replies = new Outbox(toFront.slotBytes(), ShardWire.REPLIES);
        sweepSlots = Math.max(SWEEP_SLOTS, table.slots() / 32);
        context.setTimer(SWEEP_NANOS, SWEEP);
        if (!context.resumed()) { // resumed on a checkpoint, it answers every request again as they replay
            announce(context);
        }
    }

    /** At rest when every reply collected has gone out: a checkpoint then loses none. */
    @Override
    public boolean checkpointable() {
        return !flushSet;
    }

    /**
     * Tells the front this app instance started, so that one restarted in place (its predecessor threw while
     * handling a batch, which it then never answered) gets the requests it lost failed at once instead of at their
     * deadline. Best effort: a full channel drops the notice, and the deadline still bounds the wait.
     */
    private void announce(AppContext context) {
        toFront.send(ShardWire.STARTED, context.sandboxName().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void onMessage(AppContext context, Message message) {
        if (message.type() != ShardWire.REQUESTS || message.length() < ShardWire.BATCH_HEADER) {
            return;
        }
        replies.shardIndex(message.getInt(0) & 0xffff);
        long now = context.now();
        for (int at = ShardWire.BATCH_HEADER; at < message.length(); ) {
            at += executor.execute(message, at, replies, now);
        }
        if (!flushSet) {
            flushSet = true;
            context.setTimer(0, FLUSH);
        }
    }

    @Override
    public void onTimer(AppContext context, long timerId) {
        if (timerId == FLUSH) {
            flushSet = false;
            if (!replies.flush(toFront)) {
                flushSet = true;
                context.setTimer(RETRY_NANOS, FLUSH);
            }
        } else if (timerId == SWEEP) {
            table.sweep(context.now(), sweepSlots);
            context.setTimer(SWEEP_NANOS, SWEEP);
        }
    }

    /** "N keys", read from a view of the shard's app memory. */
    static String describe(MemorySegment appMemory) {
        return ShardTable.describe(appMemory);
    }

    /** Keys in the shard whose app memory {@code appMemory} is (0 if it holds no table): for checkers and tests. */
    public static long keys(MemorySegment appMemory) {
        return ShardTable.keys(appMemory);
    }
}
