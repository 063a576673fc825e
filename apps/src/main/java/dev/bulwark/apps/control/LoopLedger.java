package dev.bulwark.apps.control;

import dev.bulwark.apps.SealedWords;
import dev.bulwark.hw.memory.MemoryWindow;
import dev.bulwark.sandbox.app.AppMemoryCheck;
import dev.bulwark.sandbox.app.DeviceEvent;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Locale;
import java.util.function.LongUnaryOperator;

/**
 * The controller's account of its loop, kept in its app memory: ticks, deadlines met and missed, the worst
 * tick lateness and round trip, and the latest state the plant reported. It lives in memory so that it
 * survives a restart of the controller app (and a microreboot, once its {@link #CHECK} passes), and so that a
 * reader ({@link #describe(MemorySegment)}, {@link #ticks(MemorySegment)}, ...) can see it from outside; a
 * kernel restart from the pristine image zeroes it, and the account starts again.
 *
 * <p><b>Deadlines.</b> The command sent at tick k is due back by tick k+1's deadline: when the controller
 * handles the next tick, the command counts as a <em>miss</em> if the plant's answer to it has not been
 * received, or was received after that deadline. Ticks the kernel passed over ({@link DeviceEvent.Tick#skipped()})
 * are misses too: no command went out for them. The loop goes on with the latest state it has either way.
 * Deadlines are counted from the plant's first answer on: until then the loop is not closed yet (the plant's
 * sandbox may still be booting), so misses, lateness and round trips before it are not counted (ticks are).
 *
 * <pre>
 *   app memory:   0 magic          |   8 ticks handled   |  16 ticks skipped    |  24 deadlines judged
 *                32 misses         |  40 worst lateness  |  48 worst round trip |  56 pending tick (0: none)
 *                64 pending tick's deadline | 72 answer received at (NOT_YET: not yet)  |  80 answers
 *                88 commands refused (channel full)      |  96 has state (0/1)  | 104 plant step
 *               112 x | 120 x' | 128 theta | 136 theta'  | 144 worst |theta| | 152 last force
 *               160 seal of the twenty words before it
 *   (times in chip-clock ns, doubles as IEEE-754 bits)
 * </pre>
 *
 * <p>The account is the loop's result (misses per phase, whether the pole stayed up), so a flipped bit in it
 * is a wrong result: its words are {@link SealedWords}, verified at each tick, command and report (twenty
 * words mixed twice, tens of nanoseconds at the loop's 1 kHz), and the seal is the controller's memory check.
 *
 * <p>Threading: written only by the controller, on its kernel's thread; readers may read a torn, slightly
 * stale mix of counters, which is good enough for a summary.
 */
public final class LoopLedger {
    /** How far from upright the pole may lean (rad) and still count as up. */
    public static final double UPRIGHT_LIMIT = 0.5;

    static final long MAGIC = 0x52474445444c4f4fL;
    static final int MAGIC_AT = 0;
    static final int TICKS_AT = 8;
    static final int SKIPPED_AT = 16;
    static final int DEADLINES_AT = 24;
    static final int MISSES_AT = 32;
    static final int WORST_LATENESS_AT = 40;
    static final int WORST_ROUND_TRIP_AT = 48;
    static final int PENDING_TICK_AT = 56;
    static final int PENDING_DEADLINE_AT = 64;
    static final int ANSWERED_AT = 72;
    static final int ANSWERS_AT = 80;
    static final int REFUSED_AT = 88;
    static final int HAS_STATE_AT = 96;
    static final int STEP_AT = 104;
    static final int X_AT = 112;
    static final int X_DOT_AT = 120;
    static final int THETA_AT = 128;
    static final int THETA_DOT_AT = 136;
    static final int WORST_THETA_AT = 144;
    static final int FORCE_AT = 152;
    static final int SEAL_AT = 160;
    /** The sealed words: the bit flips a test aims at the ledger land in {@code [0, BYTES)}. */
    static final int BYTES = 168;
    /** The controller's memory check: its ledger is pristine, or whole. */
    public static final AppMemoryCheck CHECK = SealedWords.check(Controller.NAME, MAGIC, SEAL_AT);
    /** What {@link #ANSWERED_AT} holds while the pending command has no answer (a clock reading may be 0). */
    static final long NOT_YET = Long.MIN_VALUE;

    private final MemoryWindow memory;
    private final SealedWords words;

    private LoopLedger(MemoryWindow memory) {
        this.memory = memory;
        this.words = new SealedWords(memory, Controller.NAME, MAGIC, SEAL_AT);
    }

    /**
     * The ledger in {@code memory}: the one there if there is one, else a fresh one.
     *
     * @throws dev.bulwark.sandbox.app.AppMemoryCorruptedException if the one there does not match its seal
     */
    public static LoopLedger open(MemoryWindow memory) {
        LoopLedger ledger = new LoopLedger(memory);
        ledger.words.open();
        return ledger;
    }

    /** Whether the plant has answered at least once: the loop is closed. */
    public boolean hasState() {
        return memory.getLong(HAS_STATE_AT) != 0;
    }

    /** The latest state the plant reported, or null before its first answer. */
    public PoleState state() {
        if (!hasState()) {
            return null;
        }
        return new PoleState(getDouble(X_AT), getDouble(X_DOT_AT), getDouble(THETA_AT), getDouble(THETA_DOT_AT));
    }

    /**
     * Tick {@code tick} arrived: counts it, judges the command of the previous tick handled against this
     * tick's deadline (see the class comment) and counts skipped ticks as misses.
     */
    public void onTick(DeviceEvent.Tick tick) {
        words.verify();
        add(TICKS_AT, 1);
        add(SKIPPED_AT, tick.skipped());
        long pending = memory.getLong(PENDING_TICK_AT);
        memory.putLong(PENDING_TICK_AT, 0);
        if (hasState()) {
            judge(pending, tick);
        }
        words.seal();
    }

    /** Counts this tick's lateness and skipped ticks, and judges the {@code pending} command against its deadline. */
    private void judge(long pending, DeviceEvent.Tick tick) {
        max(WORST_LATENESS_AT, tick.latenessNanos());
        add(DEADLINES_AT, tick.skipped());
        add(MISSES_AT, tick.skipped());
        if (pending != 0) {
            add(DEADLINES_AT, 1);
            long answered = memory.getLong(ANSWERED_AT);
            if (answered == NOT_YET || answered - dueBy(pending, tick) > 0) {
                add(MISSES_AT, 1);
            }
        }
    }

    /**
     * When the command of tick {@code pending} was due: the deadline of the tick after it. That is usually
     * {@code now}, the tick being handled; when ticks were skipped in between it lies between the two ticks'
     * deadlines, the timer being periodic.
     */
    private long dueBy(long pending, DeviceEvent.Tick now) {
        long sentAt = memory.getLong(PENDING_DEADLINE_AT);
        long ticksApart = now.tick() - pending;
        if (ticksApart <= 1) {
            return now.deadlineNanos();
        }
        return sentAt + (now.deadlineNanos() - sentAt) / ticksApart;
    }

    /**
     * The command of tick {@code tick} (due at {@code deadlineNanos}) carrying {@code force} went out, or was
     * refused by a full channel ({@code accepted} false: it can get no answer, so the next tick counts it a miss).
     */
    public void commandSent(DeviceEvent.Tick tick, double force, boolean accepted) {
        words.verify();
        memory.putLong(PENDING_TICK_AT, tick.tick());
        memory.putLong(PENDING_DEADLINE_AT, tick.deadlineNanos());
        memory.putLong(ANSWERED_AT, NOT_YET);
        putDouble(FORCE_AT, force);
        if (!accepted) {
            add(REFUSED_AT, 1);
        }
        words.seal();
    }

    /**
     * The plant answered the command of tick {@code report.tick()} with its new state, received at
     * {@code nowNanos}: the state becomes the latest, and the round trip counts (the command carried its send
     * time, and the answer echoes it).
     */
    public void onReport(LoopProtocol.Report report, long nowNanos) {
        words.verify();
        boolean closed = hasState();
        if (report.tick() == memory.getLong(PENDING_TICK_AT) && memory.getLong(ANSWERED_AT) == NOT_YET) {
            memory.putLong(ANSWERED_AT, nowNanos);
        }
        if (closed) {
            max(WORST_ROUND_TRIP_AT, nowNanos - report.sentNanos());
        }
        add(ANSWERS_AT, 1);
        PoleState s = report.state();
        memory.putLong(STEP_AT, report.step());
        putDouble(X_AT, s.x());
        putDouble(X_DOT_AT, s.xDot());
        putDouble(THETA_AT, s.theta());
        putDouble(THETA_DOT_AT, s.thetaDot());
        double lean = Math.abs(s.theta());
        if (!(lean <= getDouble(WORST_THETA_AT))) { // a NaN angle counts as the worst
            putDouble(WORST_THETA_AT, Double.isNaN(lean) ? Double.POSITIVE_INFINITY : lean);
        }
        memory.putLong(HAS_STATE_AT, 1);
        words.seal();
    }

    /** The account in one line, as {@link #describe(MemorySegment)} gives it. */
    public String describe() {
        return describe(memory::getLong);
    }

    // -- readers, for summaries, checkers and tests: never called on the controller's thread ----------------

    /** Ticks the controller has handled (skipped ones not included). */
    public static long ticks(MemorySegment appMemory) {
        return read(appMemory, TICKS_AT);
    }

    /** Deadlines missed since the loop closed (skipped ticks included). */
    public static long misses(MemorySegment appMemory) {
        return read(appMemory, MISSES_AT);
    }

    /** Ticks the kernel passed over, since the ledger began. */
    public static long skipped(MemorySegment appMemory) {
        return read(appMemory, SKIPPED_AT);
    }

    /** Deadlines judged since the loop closed. */
    public static long deadlines(MemorySegment appMemory) {
        return read(appMemory, DEADLINES_AT);
    }

    /** The latest tick's delivery after its deadline, at worst, since the loop closed (ns). */
    public static long worstLatenessNanos(MemorySegment appMemory) {
        return read(appMemory, WORST_LATENESS_AT);
    }

    /** The longest command-to-answer round trip since the loop closed (ns). */
    public static long worstRoundTripNanos(MemorySegment appMemory) {
        return read(appMemory, WORST_ROUND_TRIP_AT);
    }

    /** The latest reported pole angle (rad); NaN before the plant's first answer. */
    public static double theta(MemorySegment appMemory) {
        return read(appMemory, HAS_STATE_AT) == 0 ? Double.NaN : Double.longBitsToDouble(read(appMemory, THETA_AT));
    }

    /**
     * Whether the pole has stayed up: the plant has answered, and no answer ever reported it leaning
     * {@link #UPRIGHT_LIMIT} rad or more.
     */
    public static boolean upright(MemorySegment appMemory) {
        return upright(at -> read(appMemory, (int) at));
    }

    /**
     * "ticks 30000, misses 3 of 29998 (0.01%), skipped 0, worst lateness 0.41 ms, worst round trip 0.12 ms,
     * theta 0.001 rad, upright"; before the plant's first answer, the ticks and that it waits.
     */
    public static String describe(MemorySegment appMemory) {
        return describe(at -> read(appMemory, (int) at));
    }

    private static boolean upright(LongUnaryOperator at) {
        return at.applyAsLong(HAS_STATE_AT) != 0 && Double.longBitsToDouble(at.applyAsLong(WORST_THETA_AT)) < UPRIGHT_LIMIT;
    }

    private static String describe(LongUnaryOperator at) {
        if (at.applyAsLong(MAGIC_AT) != MAGIC) {
            return "not started";
        }
        long ticks = at.applyAsLong(TICKS_AT);
        if (at.applyAsLong(HAS_STATE_AT) == 0) {
            return "ticks %d, waiting for the plant's first state".formatted(ticks);
        }
        long deadlines = at.applyAsLong(DEADLINES_AT);
        long misses = at.applyAsLong(MISSES_AT);
        double worstTheta = Double.longBitsToDouble(at.applyAsLong(WORST_THETA_AT));
        return String.format(Locale.ROOT,
                "ticks %d, misses %d of %d (%.2f%%), skipped %d, worst lateness %.3f ms, worst round trip %.3f ms, "
                        + "theta %.4f rad, %s",
                ticks, misses, deadlines, deadlines == 0 ? 0.0 : 100.0 * misses / deadlines,
                at.applyAsLong(SKIPPED_AT), at.applyAsLong(WORST_LATENESS_AT) / 1e6,
                at.applyAsLong(WORST_ROUND_TRIP_AT) / 1e6, Double.longBitsToDouble(at.applyAsLong(THETA_AT)),
                upright(at) ? "upright" : String.format(Locale.ROOT, "fell (|theta| reached %.3f rad)", worstTheta));
    }

    private static long read(MemorySegment appMemory, int at) {
        return appMemory.get(ValueLayout.JAVA_LONG_UNALIGNED, at);
    }

    private void add(int at, long delta) {
        memory.putLong(at, memory.getLong(at) + delta);
    }

    private void max(int at, long value) {
        if (value > memory.getLong(at)) {
            memory.putLong(at, value);
        }
    }

    private double getDouble(int at) {
        return Double.longBitsToDouble(memory.getLong(at));
    }

    private void putDouble(int at, double value) {
        memory.putLong(at, Double.doubleToRawLongBits(value));
    }
}
