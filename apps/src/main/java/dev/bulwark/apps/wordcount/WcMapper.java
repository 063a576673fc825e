package dev.bulwark.apps.wordcount;

import dev.bulwark.hw.memory.MemoryWindow;
import dev.bulwark.ipc.Message;
import dev.bulwark.sandbox.app.App;
import dev.bulwark.sandbox.app.AppCheck;
import dev.bulwark.sandbox.app.AppContext;
import dev.bulwark.sandbox.app.AppDescriptor;
import dev.bulwark.sandbox.app.AppParam;
import dev.bulwark.sandbox.app.AppParams;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A word-count mapper: counts the words ({@link Words}) of each split a {@link WcDriver} streams to it, in
 * CHUNKs ({@link WcProtocol}), and at the split's last chunk sends its counts to the reducers, each word to
 * the reducer its hash picks ({@link Words#reducerOf}), then an END to every reducer, even one that got no
 * words. It keeps nothing across splits and nothing durable: a restart loses the split in progress and any
 * counts not yet sent. It says HELLO to the driver at every start, with a generation that grows at every
 * restart, and the driver issues again what it had given it.
 *
 * <p>Chunks of one attempt arrive numbered 0, 1, ...; a chunk 0 starts a split (dropping an unfinished
 * one: the driver gave up on it), and a chunk that does not continue the split in progress is dropped (the
 * start of its attempt was lost in a restart; the driver issues the split again).
 *
 * <pre>
 *   app memory:  0 magic | 8 starts (app starts since the memory was last zeroed) | 16 splits mapped | 24 bytes mapped
 * </pre>
 * It declares no memory check, and needs none: what it keeps is a start count (for the generation of its
 * HELLO) and figures, nothing a result is made of, so a microreboot of a mapper goes on to the next scheme
 * and a restart from the pristine image loses only the figures. A start count a flipped bit made lower could
 * at worst repeat a generation the driver has seen, at a later app restart: the driver would then issue again
 * what the mapper lost only after its {@code timeout}, as for a stopped mapper; slower, never a wrong count.
 * (In a new incarnation the generation grows whatever the count says: the incarnation is its high half.)
 */
public final class WcMapper implements App {
    public static final String NAME = "wc-mapper";

    static final long MAGIC = 0x5043414d4357L; // "WCMAP"
    static final int MAGIC_AT = 0;
    static final int STARTS_AT = 8;
    static final int SPLITS_AT = 16;
    static final int BYTES_AT = 24;

    private static final long RETRY = 1;
    private static final long RETRY_NANOS = 50_000;
    private static final int FLUSH_BUDGET = 256;

    /** The mapper as a chip knows it. */
    public static final AppDescriptor DESCRIPTOR = AppDescriptor.of(NAME,
                    "Counts the words of the splits a wc-driver streams to it and sends the counts to the wc-reducers, "
                            + "partitioned by word.", WcMapper::create)
            .withParams(
                    AppParam.required("driver", AppParam.Kind.PEER, "the wc-driver that issues splits"),
                    AppParam.required("reducers", AppParam.Kind.TEXT,
                            "the wc-reducers, comma-separated, in the driver's order"))
            .withState(memory -> splits(memory) + " splits, " + bytes(memory) + " bytes mapped")
            .withCheck(WcMapper::checkReducers);

    private final String driver;
    private final List<String> reducers;

    private AppContext ctx;
    private MemoryWindow memory;
    private Outbox toDriver;
    private Outbox[] toReducers;
    private EntryPacker[] packers;
    private WordScanner scanner;
    private final WordTable table = new WordTable(4096);
    private final WordSink count = (letters, length) -> table.add(letters, 0, length, 1);
    private byte[] text = new byte[0];
    private boolean retryArmed;

    private boolean active;
    private long job;
    private int split;
    private int attempt;
    private int nextIndex;
    private long splitBytes;

    private WcMapper(String driver, List<String> reducers) {
        this.driver = driver;
        this.reducers = reducers;
    }

    static App create(Map<String, String> params) {
        AppParams p = AppParams.read(DESCRIPTOR, params);
        return new WcMapper(p.text("driver"), ParamText.names(NAME, "reducers", p.text("reducers")));
    }

    /** Every mapper should list the same reducers: the driver waits for each split's END at each of its own. */
    static List<AppCheck.Warning> checkReducers(List<AppCheck.Use> mappers) {
        List<AppCheck.Warning> warnings = new ArrayList<>();
        String first = mappers.isEmpty() ? null : mappers.getFirst().params().get("reducers");
        for (AppCheck.Use m : mappers) {
            String theirs = m.params().get("reducers");
            if (first != null && theirs != null && !same(first, theirs)) {
                warnings.add(new AppCheck.Warning(m.sandbox(), "reducers", ("reducers '%s' differ from %s's '%s': "
                        + "every mapper must send to the driver's reducers, or the job never finishes")
                        .formatted(theirs, mappers.getFirst().sandbox(), first)));
            }
        }
        return warnings;
    }

    private static boolean same(String a, String b) {
        return a.replace(" ", "").equals(b.replace(" ", ""));
    }

    @Override
    public void start(AppContext ctx) {
        this.ctx = ctx;
        memory = ctx.memory();
        if (memory.getLong(MAGIC_AT) != MAGIC) {
            memory.putLong(STARTS_AT, 0);
            memory.putLong(SPLITS_AT, 0);
            memory.putLong(BYTES_AT, 0);
            memory.putLong(MAGIC_AT, MAGIC);
        }
        long starts = memory.getLong(STARTS_AT) + 1;
        memory.putLong(STARTS_AT, starts);
        toDriver = new Outbox(ctx.channelTo(driver));
        toDriver.add(WcProtocol.HELLO, WcProtocol.hello(WcProtocol.generation(ctx.incarnation(), (int) starts),
                WcProtocol.MAPPER, ctx.sandboxName(), String.join(",", reducers)));
        try {
            toReducers = new Outbox[reducers.size()];
            packers = new EntryPacker[reducers.size()];
            int maxLetters = WcProtocol.MAX_WORD;
            for (int r = 0; r < toReducers.length; r++) {
                toReducers[r] = new Outbox(ctx.channelTo(reducers.get(r)));
                packers[r] = new EntryPacker(WcProtocol.COUNTS_HEADER, toReducers[r].channel().slotBytes());
                maxLetters = Math.min(maxLetters, packers[r].maxWord());
            }
            scanner = new WordScanner(maxLetters);
        } catch (IllegalArgumentException e) {
            toReducers = null;
            toDriver.add(WcProtocol.FAILED, WcProtocol.failed(0, ctx.sandboxName() + " cannot send to its reducers: "
                    + e.getMessage()));
        }
        flush();
    }

    @Override
    public void onMessage(AppContext ctx, Message m) {
        if (m.type() != WcProtocol.CHUNK || toReducers == null || m.length() < WcProtocol.CHUNK_HEADER) {
            return;
        }
        long chunkJob = m.getLong(0);
        int chunkSplit = m.getInt(8);
        int chunkAttempt = m.getInt(12);
        int index = m.getInt(16);
        boolean last = m.getInt(20) != 0;
        if (index == 0) {
            begin(chunkJob, chunkSplit, chunkAttempt);
        } else if (!active || chunkJob != job || chunkSplit != split || chunkAttempt != attempt || index != nextIndex) {
            if (active && chunkJob == job && chunkSplit == split && chunkAttempt == attempt) {
                active = false; // a chunk of it went missing: the driver will issue it again
            }
            return;
        }
        nextIndex++;
        int length = m.length() - WcProtocol.CHUNK_HEADER;
        if (text.length < length) {
            text = new byte[length];
        }
        m.getBytes(WcProtocol.CHUNK_HEADER, text, 0, length);
        scanner.feed(text, 0, length, count);
        splitBytes += length;
        if (last) {
            finishSplit();
        }
    }

    @Override
    public void onTimer(AppContext ctx, long timerId) {
        if (timerId == RETRY) {
            retryArmed = false;
            flush();
        }
    }

    private void begin(long job, int split, int attempt) {
        this.job = job;
        this.split = split;
        this.attempt = attempt;
        nextIndex = 0;
        splitBytes = 0;
        active = true;
        table.clear();
        scanner.reset();
    }

    /** The split's text is all here: send each reducer its share of the counts and an END. */
    private void finishSplit() {
        active = false;
        scanner.end(count);
        if (scanner.overlong() > 0) {
            toDriver.add(WcProtocol.FAILED, WcProtocol.failed(job, ("split %d has a word of %d letters; the longest "
                    + "that fits a message to the reducers has %d").formatted(split, scanner.overlong(), scanner.maxLetters())));
            flush();
            return;
        }
        for (int e = 0; e < table.size(); e++) {
            packers[Words.reducerOf(table.hash(e), packers.length)].add(table, e);
        }
        for (int r = 0; r < packers.length; r++) {
            List<byte[]> payloads = packers[r].take();
            for (int seq = 0; seq < payloads.size(); seq++) {
                byte[] p = payloads.get(seq);
                header(p, seq);
                toReducers[r].add(WcProtocol.COUNTS, p);
            }
            toReducers[r].add(WcProtocol.END, WcProtocol.end(job, split, attempt, payloads.size()));
        }
        memory.putLong(SPLITS_AT, memory.getLong(SPLITS_AT) + 1);
        memory.putLong(BYTES_AT, memory.getLong(BYTES_AT) + splitBytes);
        flush();
    }

    private void header(byte[] p, int seq) {
        java.nio.ByteBuffer.wrap(p).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putLong(0, job).putInt(8, split).putInt(12, attempt).putInt(16, seq);
    }

    private void flush() {
        boolean waiting = !toDriver.flush(FLUSH_BUDGET);
        if (toReducers != null) {
            for (Outbox o : toReducers) {
                waiting |= !o.flush(FLUSH_BUDGET);
            }
        }
        if (waiting && !retryArmed) {
            retryArmed = true;
            ctx.setTimer(RETRY_NANOS, RETRY);
        }
    }

    /** Splits mapped, read from a view of the app's memory. */
    public static long splits(MemorySegment appMemory) {
        return appMemory.get(ValueLayout.JAVA_LONG_UNALIGNED, SPLITS_AT);
    }

    /** Bytes mapped, read from a view of the app's memory. */
    public static long bytes(MemorySegment appMemory) {
        return appMemory.get(ValueLayout.JAVA_LONG_UNALIGNED, BYTES_AT);
    }
}
