package dev.bulwark.apps.wordcount;

import dev.bulwark.apps.SealedWords;
import dev.bulwark.hw.memory.MemoryWindow;
import dev.bulwark.ipc.Message;
import dev.bulwark.sandbox.app.App;
import dev.bulwark.sandbox.app.AppContext;
import dev.bulwark.sandbox.app.AppDescriptor;
import dev.bulwark.sandbox.app.AppParam;
import dev.bulwark.sandbox.app.AppParams;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

/**
 * A word-count reducer: adds up the counts the mappers send it, each split's exactly once
 * ({@link ReduceLedger}), acknowledges each split it applied to the driver, and on COLLECT sends the driver
 * its totals ({@link WcProtocol}).
 *
 * <p>Its totals live on the heap, so a restart loses them: it says HELLO to the driver at every start with a
 * generation that grows at every restart, and the driver then runs the job again from the start. A message
 * of a newer job than the one it holds starts it afresh; one of an older job is dropped.
 *
 * <pre>
 *   app memory:  0 magic | 8 starts (app starts since the memory was last zeroed) | 16 splits applied | 24 words applied
 *                | 32 seal of the four words before it
 * </pre>
 * What it keeps is not its totals but its start count, and that one matters: it makes the generation of its
 * HELLO grow at every restart. A start count flipped lower could repeat a generation the driver has seen; the
 * driver would take the restart for none and collect totals that lack every split the lost heap held: a wrong
 * count. So the words are {@link SealedWords}, verified at each start and each applied split and declared as
 * the reducer's memory check.
 */
public final class WcReducer implements App {
    public static final String NAME = "wc-reducer";

    static final long MAGIC = 0x444552434357L; // "WCRED"
    static final int MAGIC_AT = 0;
    static final int STARTS_AT = 8;
    static final int SPLITS_AT = 16;
    static final int WORDS_AT = 24;
    static final int SEAL_AT = 32;
    /** The sealed words: the bit flips a test aims at the reducer's state land in {@code [0, STATE_BYTES)}. */
    static final int STATE_BYTES = 40;

    private static final long RETRY = 1;
    private static final long RETRY_NANOS = 50_000;
    private static final int FLUSH_BUDGET = 256;

    /** The reducer as a chip knows it. */
    public static final AppDescriptor DESCRIPTOR = AppDescriptor.of(NAME,
                    "Adds up the word counts wc-mappers send it, each split's exactly once, and sends the totals to "
                            + "the wc-driver.", WcReducer::create)
            .withParams(AppParam.required("driver", AppParam.Kind.PEER, "the wc-driver that collects the totals"))
            .withState(memory -> splits(memory) + " splits, " + words(memory) + " words applied")
            .withMemoryCheck(SealedWords.check(NAME, MAGIC, SEAL_AT));

    private final String driver;

    private AppContext ctx;
    private MemoryWindow memory;
    private SealedWords sealed;
    private Outbox toDriver;
    private boolean retryArmed;
    private long job;
    private ReduceLedger ledger = new ReduceLedger();

    private WcReducer(String driver) {
        this.driver = driver;
    }

    static App create(Map<String, String> params) {
        AppParams p = AppParams.read(DESCRIPTOR, params);
        return new WcReducer(p.text("driver"));
    }

    @Override
    public void start(AppContext ctx) {
        this.ctx = ctx;
        memory = ctx.memory();
        sealed = new SealedWords(memory, NAME, MAGIC, SEAL_AT);
        sealed.open();
        long starts = memory.getLong(STARTS_AT) + 1;
        memory.putLong(STARTS_AT, starts);
        sealed.seal();
        toDriver = new Outbox(ctx.channelTo(driver));
        toDriver.add(WcProtocol.HELLO, WcProtocol.hello(WcProtocol.generation(ctx.incarnation(), (int) starts),
                WcProtocol.REDUCER, ctx.sandboxName(), ""));
        flush();
    }

    @Override
    public void onMessage(AppContext ctx, Message m) {
        if (m.length() < Long.BYTES || !current(m.getLong(0))) {
            return;
        }
        switch (m.type()) {
            case WcProtocol.COUNTS -> ledger.counts(m.getInt(8), m.getInt(12), m.getInt(16), m.payload());
            case WcProtocol.END -> end(m.getInt(8), m.getInt(12), m.getInt(16));
            case WcProtocol.COLLECT -> sendTotals();
            default -> {
            }
        }
        flush();
    }

    @Override
    public void onTimer(AppContext ctx, long timerId) {
        if (timerId == RETRY) {
            retryArmed = false;
            flush();
        }
    }

    /** Whether a message of job {@code messageJob} is for the job held; a newer job replaces it. */
    private boolean current(long messageJob) {
        if (messageJob < job) {
            return false;
        }
        if (messageJob > job) {
            job = messageJob;
            ledger = new ReduceLedger(); // what is still queued for the old job, the driver drops
        }
        return true;
    }

    private void end(int split, int attempt, int messages) {
        long before = ledger.words();
        switch (ledger.end(split, attempt, messages)) {
            case APPLIED -> {
                sealed.verify();
                memory.putLong(SPLITS_AT, memory.getLong(SPLITS_AT) + 1);
                memory.putLong(WORDS_AT, memory.getLong(WORDS_AT) + ledger.words() - before);
                sealed.seal();
                toDriver.add(WcProtocol.ACK, WcProtocol.ack(job, split, ctx.sandboxName()));
            }
            case ALREADY_APPLIED -> toDriver.add(WcProtocol.ACK, WcProtocol.ack(job, split, ctx.sandboxName()));
            case STALE, INCOMPLETE -> {
            }
        }
    }

    private void sendTotals() {
        WordTable totals = ledger.totals();
        EntryPacker packer = new EntryPacker(WcProtocol.RESULT_HEADER, toDriver.channel().slotBytes());
        for (int e = 0; e < totals.size(); e++) {
            if (totals.length(e) > packer.maxWord()) {
                toDriver.add(WcProtocol.FAILED, WcProtocol.failed(job, ("%s holds a word of %d letters; the longest "
                        + "that fits a message to the driver has %d").formatted(ctx.sandboxName(), totals.length(e), packer.maxWord())));
                return;
            }
            packer.add(totals, e);
        }
        List<byte[]> payloads = packer.take();
        for (int seq = 0; seq < payloads.size(); seq++) {
            byte[] p = payloads.get(seq);
            ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN).putLong(0, job).putInt(8, seq);
            toDriver.add(WcProtocol.RESULT, p);
        }
        toDriver.add(WcProtocol.RESULT_END, WcProtocol.resultEnd(job, payloads.size(), ctx.sandboxName()));
    }

    private void flush() {
        if (!toDriver.flush(FLUSH_BUDGET) && !retryArmed) {
            retryArmed = true;
            ctx.setTimer(RETRY_NANOS, RETRY);
        }
    }

    /** Splits applied, read from a view of the app's memory. */
    public static long splits(MemorySegment appMemory) {
        return appMemory.get(ValueLayout.JAVA_LONG_UNALIGNED, SPLITS_AT);
    }

    /** Words applied, read from a view of the app's memory. */
    public static long words(MemorySegment appMemory) {
        return appMemory.get(ValueLayout.JAVA_LONG_UNALIGNED, WORDS_AT);
    }
}

