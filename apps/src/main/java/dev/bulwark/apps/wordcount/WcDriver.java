package dev.bulwark.apps.wordcount;

import dev.bulwark.apps.SealedWords;
import dev.bulwark.hw.memory.MemoryWindow;
import dev.bulwark.ipc.Claim;
import dev.bulwark.ipc.Message;
import dev.bulwark.ipc.Sender;
import dev.bulwark.sandbox.app.App;
import dev.bulwark.sandbox.app.AppContext;
import dev.bulwark.sandbox.app.AppDescriptor;
import dev.bulwark.sandbox.app.AppParam;
import dev.bulwark.sandbox.app.AppParams;
import dev.bulwark.sandbox.app.BlockPort;
import dev.bulwark.sandbox.app.ConsolePort;
import dev.bulwark.sandbox.app.DeviceEvent;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The driver of a map-reduce word count: reads the input file through the block device it owns, cuts it into
 * splits at word boundaries ({@link SplitCutter}), streams each split to a {@link WcMapper}, waits until every
 * {@link WcReducer} has acknowledged every split, then collects the reducers' totals, writes them to the output
 * device, prints the top words on the console and finishes the job ({@link AppContext#finish}) with a summary
 * such as {@code 1048576 bytes, 180224 words, 3051 distinct; top: the 9212, of 5301, ...}.
 *
 * <h2>Flow</h2>
 * The input is read page by page, a bounded window of reads in flight ({@link PageReader}), and reading pauses
 * while as many splits wait for a mapper as there are mappers, so the driver holds a bounded number of splits
 * (each mapper holds at most two unfinished). Everything the driver sends, it sends when the channel takes it:
 * a refused chunk is sent again from the same byte on a short timer; nothing is dropped or sent twice within
 * an attempt. A handler does a bounded amount of work (so the kernel's heartbeat is never starved) and
 * continues on a timer.
 *
 * <h2>Failures</h2>
 * Mappers and reducers say HELLO at every start, with a generation that grows at every restart
 * ({@link WcProtocol}). A mapper that restarted lost what it held: every split it had not finished is issued
 * again, as a new attempt, to whichever mapper has room ({@link SplitLedger}); the reducers apply each split
 * once whichever attempts reach them ({@link ReduceLedger}). A split with no progress for {@code timeout}
 * (a mapper stopped for good) is issued again too. A reducer that restarted lost its totals: the driver runs
 * the whole job again under a new job id (at most {@value #MAX_JOBS} jobs). A split issued
 * {@value #MAX_ATTEMPTS} times, totals that do not arrive within {@code timeout} of asking, or a mapper or
 * reducer that reports a failure (a word too long for a message) fail the job with a message that says why.
 *
 * <h2>Output</h2>
 * The output device receives the sorted lines {@code word count\n} from its first byte; the last page written
 * is padded with zeros, and if the text fills its last page exactly, the next page (if the device has one) is
 * written as zeros. <b>A reader finds the end at the first zero byte</b> (or at the device's end): the text never
 * contains one, and whatever the device held before lies after it.
 *
 * <pre>
 *   app memory:  0 magic | 8 job id | 16 jobs started | 24 splits | 32 splits done | 40 splits re-issued
 *                | 48 seal of the six words before it
 * </pre>
 * The job's ledger ({@link SplitLedger}) is heap state: a driver that starts again, on kept memory or not,
 * starts the job again. What its memory carries over is the job id (a new one is newer whatever it holds) and
 * the count of jobs started, which caps the reruns at {@value #MAX_JOBS}: a flipped count would fail a good
 * job or let a failing one run past the cap, and the splits figures would say wrong. So the words are
 * {@link SealedWords}, verified at each update and declared as the driver's memory check.
 */
public final class WcDriver implements App {
    public static final String NAME = "wc-driver";

    static final long MAGIC = 0x5652444357L; // "WCDRV"
    static final int MAGIC_AT = 0;
    static final int JOB_AT = 8;
    static final int JOBS_AT = 16;
    static final int SPLITS_AT = 24;
    static final int DONE_AT = 32;
    static final int REISSUED_AT = 40;
    static final int SEAL_AT = 48;
    /** The sealed words: the bit flips a test aims at the driver's state land in {@code [0, STATE_BYTES)}. */
    static final int STATE_BYTES = 56;

    static final int PER_MAPPER = 2;
    static final int READ_WINDOW = 32;
    static final int CHUNKS_PER_PASS = 64;
    static final int FLUSH_BUDGET = 256;
    static final int MAX_ATTEMPTS = 8;
    static final int MAX_JOBS = 4;
    static final long RETRY_NANOS = 50_000;
    private static final long RETRY = 1;
    private static final long WATCHDOG = 2;
    private static final long CONTINUE_NANOS = 0;

    /** The driver as a chip knows it. */
    public static final AppDescriptor DESCRIPTOR = AppDescriptor.of(NAME,
                    "Counts the words of a file on its block device with wc-mappers and wc-reducers; writes the counts "
                            + "and prints the top words.", WcDriver::create)
            .withParams(
                    AppParam.required("input", AppParam.Kind.DEVICE, "the block device over the input file"),
                    AppParam.optional("output", AppParam.Kind.DEVICE,
                            "a block device for the result: lines 'word count', sorted by word, ending at the first zero byte"),
                    AppParam.optional("console", AppParam.Kind.DEVICE, "a console for progress and the top words"),
                    AppParam.required("mappers", AppParam.Kind.TEXT, "the wc-mappers, comma-separated"),
                    AppParam.required("reducers", AppParam.Kind.TEXT, "the wc-reducers, comma-separated"),
                    AppParam.optional("split", AppParam.Kind.TEXT, "split size, such as 1MiB (the default)"),
                    AppParam.optional("top", AppParam.Kind.TEXT, "how many of the most frequent words to print (10)"),
                    AppParam.optional("timeout", AppParam.Kind.TEXT,
                            "how long a split may make no progress before it is issued again (5s)"))
            .withState(WcDriver::describe)
            .withMemoryCheck(SealedWords.check(NAME, MAGIC, SEAL_AT));

    private enum Phase { MAPPING, COLLECTING, WRITING, FINISHED }

    private final String input;
    private final String output;
    private final String consoleName;
    private final List<String> mappers;
    private final List<String> reducers;
    private final int splitBytes;
    private final int top;
    private final long timeoutNanos;

    private AppContext ctx;
    private MemoryWindow memory;
    private SealedWords sealed;
    private ConsolePort console;
    private BlockPort disk;
    private BlockPort out;
    private Sender[] toMappers;
    private Outbox[] toReducers;
    private long[] mapperGeneration;
    private long[] reducerGeneration;
    private boolean retryArmed;

    // the job in progress
    private Phase phase = Phase.FINISHED;
    private long job;
    private long jobStartedNanos;
    private PageReader reader;
    private SplitCutter cutter;
    private SplitLedger ledger;
    private boolean inputDone;
    private List<ArrayDeque<SplitLedger.Assignment>> streams;
    private int[] streamed;
    private ResultCollector collector;
    private long collectingSince;
    private WordCounts counts;
    private ResultWriter writer;

    private WcDriver(String input, String output, String console, List<String> mappers, List<String> reducers,
                     int splitBytes, int top, long timeoutNanos) {
        this.input = input;
        this.output = output;
        this.consoleName = console;
        this.mappers = mappers;
        this.reducers = reducers;
        this.splitBytes = splitBytes;
        this.top = top;
        this.timeoutNanos = timeoutNanos;
    }

    static App create(Map<String, String> params) {
        AppParams p = AppParams.read(DESCRIPTOR, params);
        List<String> mappers = ParamText.names(NAME, "mappers", p.text("mappers"));
        List<String> reducers = ParamText.names(NAME, "reducers", p.text("reducers"));
        for (String r : reducers) {
            if (mappers.contains(r)) {
                throw new IllegalArgumentException(NAME + ": '" + r + "' is named as a mapper and as a reducer");
            }
        }
        int splitBytes = (int) ParamText.bytes(NAME, "split", or(p.text("split"), "1MiB"), 1, 1L << 30);
        int top = ParamText.count(NAME, "top", or(p.text("top"), "10"), 0, 10_000);
        long timeout = ParamText.nanos(NAME, "timeout", or(p.text("timeout"), "5s"));
        return new WcDriver(p.text("input"), p.text("output"), p.text("console"), mappers, reducers, splitBytes, top, timeout);
    }

    private static String or(String value, String otherwise) {
        return value == null ? otherwise : value;
    }

    @Override
    public void start(AppContext ctx) {
        this.ctx = ctx;
        memory = ctx.memory();
        sealed = new SealedWords(memory, NAME, MAGIC, SEAL_AT);
        sealed.open();
        try {
            console = consoleName == null ? null : ctx.console(consoleName);
            disk = ctx.block(input);
            out = output == null ? null : ctx.block(output);
            toMappers = new Sender[mappers.size()];
            for (int m = 0; m < toMappers.length; m++) {
                toMappers[m] = ctx.channelTo(mappers.get(m));
                if (toMappers[m].slotBytes() <= WcProtocol.CHUNK_HEADER) {
                    throw new IllegalArgumentException("the channel to " + mappers.get(m) + " has " + toMappers[m].slotBytes()
                            + "-byte slots: a chunk needs more than " + WcProtocol.CHUNK_HEADER);
                }
            }
            toReducers = new Outbox[reducers.size()];
            for (int r = 0; r < toReducers.length; r++) {
                toReducers[r] = new Outbox(ctx.channelTo(reducers.get(r)));
            }
        } catch (IllegalArgumentException e) {
            fail(ctx.sandboxName() + " cannot start: " + e.getMessage());
            return;
        }
        mapperGeneration = new long[mappers.size()];
        reducerGeneration = new long[reducers.size()];
        streams = new ArrayList<>();
        streamed = new int[mappers.size()];
        startJob();
        ctx.setTimer(watchdogNanos(), WATCHDOG);
    }

    private long watchdogNanos() {
        return Math.max(1_000_000L, Math.min(timeoutNanos / 5, 100_000_000L));
    }

    /** Starts the job from the input's first byte, under a new job id (newer than any before it). */
    private void startJob() {
        sealed.verify();
        job = Math.max(ctx.now(), memory.getLong(JOB_AT) + 1);
        memory.putLong(JOB_AT, job);
        memory.putLong(JOBS_AT, memory.getLong(JOBS_AT) + 1);
        memory.putLong(SPLITS_AT, 0);
        memory.putLong(DONE_AT, 0);
        memory.putLong(REISSUED_AT, 0);
        sealed.seal();
        jobStartedNanos = ctx.now();
        reader = new PageReader(disk, job, READ_WINDOW);
        cutter = new SplitCutter(splitBytes);
        ledger = new SplitLedger(mappers, reducers, PER_MAPPER, timeoutNanos, MAX_ATTEMPTS);
        inputDone = false;
        streams.clear();
        for (int m = 0; m < mappers.size(); m++) {
            streams.add(new ArrayDeque<>());
            streamed[m] = 0;
        }
        for (Outbox o : toReducers) {
            o.clear(); // a COLLECT of an earlier job
        }
        collector = new ResultCollector(reducers);
        counts = null;
        writer = null;
        phase = Phase.MAPPING;
        say("wordcount: %d bytes of %s in splits of up to %d bytes, %d mappers, %d reducers"
                .formatted(disk.byteSize(), input, splitBytes, mappers.size(), reducers.size()));
        pump();
    }

    @Override
    public void onDevice(AppContext ctx, DeviceEvent event) {
        if (phase == Phase.FINISHED || !(event instanceof DeviceEvent.BlockCompletion c)) {
            return;
        }
        if (c.write()) {
            if (writer != null && c.tag() == writer.tag() && c.device().equals(output)) {
                writer.completed();
            }
        } else if (c.tag() == reader.tag() && c.device().equals(input)) {
            reader.completed(c.page(), c.data(), (data, offset, length) -> cutter.append(data, offset, length, this::addSplit));
        }
        pump();
    }

    private void addSplit(byte[] split) {
        ledger.add(split);
        store(SPLITS_AT, ledger.added());
    }

    @Override
    public void onMessage(AppContext ctx, Message m) {
        if (phase == Phase.FINISHED || m.length() < Long.BYTES) {
            return;
        }
        switch (m.type()) {
            case WcProtocol.HELLO -> hello(WcProtocol.Hello.read(m));
            case WcProtocol.ACK -> {
                if (m.getLong(0) == job && phase == Phase.MAPPING) {
                    ack(m.getInt(8), WcProtocol.textFrom(m, 12));
                }
            }
            case WcProtocol.RESULT -> {
                if (m.getLong(0) == job && phase == Phase.COLLECTING) {
                    failIfWrong(collector.result(m.sender(), m.getInt(8), m.payload()));
                }
            }
            case WcProtocol.RESULT_END -> {
                if (m.getLong(0) == job && phase == Phase.COLLECTING) {
                    failIfWrong(collector.end(m.sender(), m.getInt(8), WcProtocol.textFrom(m, 12)));
                }
            }
            case WcProtocol.FAILED -> {
                long failedJob = m.getLong(0);
                if (failedJob == 0 || failedJob == job) {
                    fail(WcProtocol.failure(m));
                }
            }
            default -> {
            }
        }
        pump();
    }

    private void ack(int split, String reducer) {
        int r = reducers.indexOf(reducer);
        if (r < 0) {
            fail("'%s' acknowledged split %d but is not one of the driver's reducers %s".formatted(reducer, split, reducers));
        } else if (ledger.ack(split, r)) {
            store(DONE_AT, ledger.done());
        }
    }

    private void hello(WcProtocol.Hello h) {
        if (h.role() == WcProtocol.MAPPER) {
            int m = mappers.indexOf(h.name());
            if (m < 0) {
                return; // a mapper of another driver
            }
            if (!h.reducers().equals(String.join(",", reducers))) {
                fail("%s sends its counts to reducers '%s' but the driver collects from '%s': give every mapper the "
                        .formatted(h.name(), h.reducers(), String.join(",", reducers)) + "driver's reducers, in its order");
                return;
            }
            if (restarted(mapperGeneration, m, h.generation()) && phase == Phase.MAPPING) {
                List<Integer> again = ledger.mapperRestarted(m);
                streams.get(m).clear();
                streamed[m] = 0;
                say("wordcount: %s restarted; issuing again the %d split(s) it held: %s".formatted(h.name(), again.size(), again));
            }
        } else if (h.role() == WcProtocol.REDUCER) {
            int r = reducers.indexOf(h.name());
            if (r >= 0 && restarted(reducerGeneration, r, h.generation())
                    && (phase == Phase.MAPPING || phase == Phase.COLLECTING)) {
                sealed.verify();
                if (memory.getLong(JOBS_AT) >= MAX_JOBS) {
                    fail(h.name() + " restarted and lost its counts; the job was started " + MAX_JOBS + " times");
                } else {
                    say("wordcount: " + h.name() + " restarted and lost its counts; starting the job again");
                    startJob();
                }
            }
        }
    }

    /**
     * Records generation {@code g} of member {@code i}; true if it shows a restart: a newer generation than one
     * seen before, or a first hello from a later generation than a first start.
     */
    private static boolean restarted(long[] generations, int i, long g) {
        if (g <= generations[i]) {
            return false;
        }
        boolean restarted = generations[i] != 0 || g != WcProtocol.FIRST_GENERATION;
        generations[i] = g;
        return restarted;
    }

    @Override
    public void onTimer(AppContext ctx, long timerId) {
        if (timerId == RETRY) {
            retryArmed = false;
            pump();
        } else if (timerId == WATCHDOG && phase != Phase.FINISHED) {
            watch();
            ctx.setTimer(watchdogNanos(), WATCHDOG);
        }
    }

    private void watch() {
        long now = ctx.now();
        if (phase == Phase.MAPPING) {
            List<Integer> again = ledger.timedOut(now);
            if (!again.isEmpty()) {
                say("wordcount: split(s) %s made no progress for %d ms; issuing them again"
                        .formatted(again, timeoutNanos / 1_000_000));
                pump();
            }
        } else if (phase == Phase.COLLECTING && now - collectingSince > timeoutNanos) {
            fail("no totals from %s within %d ms of asking".formatted(collector.waitingFor(), timeoutNanos / 1_000_000));
        }
    }

    /** Moves the job on as far as the channels and the devices let it, a bounded amount per call. */
    private void pump() {
        boolean more = false;
        if (phase == Phase.MAPPING) {
            more = map();
        }
        if (phase == Phase.COLLECTING && collector.done()) {
            counted();
        }
        if (phase == Phase.WRITING) {
            writer.write();
            if (writer.done()) {
                complete();
            }
        }
        if (phase == Phase.FINISHED) {
            return;
        }
        for (Outbox o : toReducers) {
            more |= !o.flush(FLUSH_BUDGET);
        }
        if (more && !retryArmed) {
            retryArmed = true;
            ctx.setTimer(RETRY_NANOS, RETRY);
        }
    }

    /** Updates one sealed word, if it changed. */
    private void store(int at, long value) {
        if (memory.getLong(at) != value) {
            sealed.verify();
            memory.putLong(at, value);
            sealed.seal();
        }
    }

    /** The mapping phase's share of a pump: read, cut, issue, stream. Returns whether work is left for a timer. */
    private boolean map() {
        if (!inputDone && ledger.ready() < mappers.size()) {
            reader.request();
        }
        if (!inputDone && reader.done()) {
            cutter.finish(this::addSplit);
            inputDone = true;
        }
        SplitLedger.Assignment a;
        while ((a = ledger.assign(ctx.now())) != null) {
            streams.get(a.mapper()).add(a);
        }
        store(REISSUED_AT, ledger.reissued());
        if (ledger.failure() != null) {
            fail(ledger.failure());
            return false;
        }
        boolean more = false;
        for (int m = 0; m < streams.size(); m++) {
            more |= stream(m);
        }
        if (inputDone && ledger.unfinished() == 0) {
            phase = Phase.COLLECTING;
            collectingSince = ctx.now();
            for (Outbox o : toReducers) {
                o.add(WcProtocol.COLLECT, WcProtocol.collect(job));
            }
        }
        return more;
    }

    /**
     * Sends mapper {@code m} the next chunks of the splits queued for it, at most {@value #CHUNKS_PER_PASS};
     * returns whether any are left (the channel refused one, or the budget ran out).
     */
    private boolean stream(int m) {
        ArrayDeque<SplitLedger.Assignment> queue = streams.get(m);
        Sender channel = toMappers[m];
        int chunkBytes = channel.slotBytes() - WcProtocol.CHUNK_HEADER;
        for (int budget = CHUNKS_PER_PASS; budget > 0 && !queue.isEmpty(); budget--) {
            SplitLedger.Assignment a = queue.peek();
            if (!ledger.isCurrent(a)) {
                queue.poll(); // done, or issued again elsewhere: the rest of it is not wanted
                streamed[m] = 0;
                continue;
            }
            int from = streamed[m];
            int length = Math.min(chunkBytes, a.bytes().length - from);
            boolean last = from + length == a.bytes().length;
            Claim chunk = channel.claim(WcProtocol.CHUNK);
            if (chunk == null) {
                return true;
            }
            chunk.putLong(0, job).putInt(8, a.split()).putInt(12, a.attempt()).putInt(16, from / chunkBytes)
                    .putInt(20, last ? 1 : 0).putBytes(WcProtocol.CHUNK_HEADER, a.bytes(), from, length).commit();
            ledger.progress(a, ctx.now());
            if (last) {
                queue.poll();
                streamed[m] = 0;
            } else {
                streamed[m] = from + length;
            }
        }
        return !queue.isEmpty();
    }

    /** Every reducer's totals arrived: write them out, or finish. */
    private void counted() {
        counts = WordCounts.of(collector.totals());
        if (out == null) {
            complete();
            return;
        }
        try {
            writer = new ResultWriter(out, counts.text(), job);
        } catch (IllegalArgumentException e) {
            fail(e.getMessage());
            return;
        }
        phase = Phase.WRITING;
    }

    private void complete() {
        phase = Phase.FINISHED;
        String summary = counts.summary(disk.byteSize(), top);
        long millis = (ctx.now() - jobStartedNanos) / 1_000_000;
        say("wordcount: %d bytes, %d words, %d distinct in %d ms (%d splits, %d issued again)%s".formatted(disk.byteSize(),
                counts.words(), counts.distinct(), millis, ledger.added(), ledger.reissued(),
                out == null ? "" : "; counts written to " + output));
        for (WordCounts.Entry e : counts.top(top)) {
            say("  %-20s %d".formatted(e.word(), e.count()));
        }
        ctx.finish(true, summary);
    }

    private void failIfWrong(String problem) {
        if (problem != null) {
            fail(problem);
        }
    }

    private void fail(String why) {
        phase = Phase.FINISHED;
        say("wordcount failed: " + why);
        ctx.finish(false, why);
    }

    private void say(String line) {
        if (console != null) {
            console.println(line);
        }
    }

    /** What the driver's memory says about its job (for summaries and checkers). */
    static String describe(MemorySegment memory) {
        return "job %d: %d/%d splits done, %d issued again".formatted(jobs(memory), splitsDone(memory), splits(memory),
                reissued(memory));
    }

    /** Jobs started (1 unless a reducer restart made the driver start again), read from a view of its memory. */
    public static long jobs(MemorySegment appMemory) {
        return appMemory.get(ValueLayout.JAVA_LONG_UNALIGNED, JOBS_AT);
    }

    /** Splits the current job has cut so far, read from a view of the driver's memory. */
    public static long splits(MemorySegment appMemory) {
        return appMemory.get(ValueLayout.JAVA_LONG_UNALIGNED, SPLITS_AT);
    }

    /** Splits of the current job every reducer has acknowledged, read from a view of the driver's memory. */
    public static long splitsDone(MemorySegment appMemory) {
        return appMemory.get(ValueLayout.JAVA_LONG_UNALIGNED, DONE_AT);
    }

    /** Issues of a split beyond its first in the current job, read from a view of the driver's memory. */
    public static long reissued(MemorySegment appMemory) {
        return appMemory.get(ValueLayout.JAVA_LONG_UNALIGNED, REISSUED_AT);
    }
}
