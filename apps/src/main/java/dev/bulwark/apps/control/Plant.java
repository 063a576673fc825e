package dev.bulwark.apps.control;

import dev.bulwark.apps.SealedWords;
import dev.bulwark.hw.memory.MemoryWindow;
import dev.bulwark.ipc.Message;
import dev.bulwark.ipc.Sender;
import dev.bulwark.sandbox.app.App;
import dev.bulwark.sandbox.app.AppContext;
import dev.bulwark.sandbox.app.AppDescriptor;
import dev.bulwark.sandbox.app.AppParam;
import dev.bulwark.sandbox.app.AppParams;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Locale;
import java.util.Map;

/**
 * The plant of the control loop: a simulated inverted pendulum on a cart ({@link CartPole#STANDARD}) that
 * starts at rest leaning {@code angle} rad (default 0.1). Each {@link LoopProtocol#COMMAND} it receives is
 * a force: it holds it for one step of {@link #STEP_SECONDS} (the loop's period, 1 ms) and answers the
 * {@code controller} with the new state. Simulated time advances only with commands: a command that never
 * comes is a step that never happens, so the plant runs as fast as its controller drives it. Its actuator
 * saturates at {@link #MAX_FORCE}; a command whose force is not a number is dropped unanswered.
 *
 * <p>The simulation's state lives in the app's memory: an app restart goes on from where it was, and so does
 * a microreboot once the memory check passes; a kernel restart from the pristine image (a zeroed partition)
 * starts the simulation again, at rest leaning {@code angle}, step 0.
 *
 * <pre>
 *   app memory:  0 magic | 8 step | 16 x | 24 x' | 32 theta | 40 theta' | 48 answers refused | 56 commands dropped
 *                | 64 seal of the eight words before it
 *   (doubles as IEEE-754 bits)
 * </pre>
 * The words are {@link SealedWords}, verified at each command and declared as the plant's memory check: a
 * flipped bit of the state would otherwise go on as physics (an exponent bit of theta, and the pole "falls"
 * for a reason no controller caused), which is a wrong result of the experiment, not a disturbance.
 */
public final class Plant implements App {
    public static final String NAME = "plant";
    /** Simulated seconds per command: the loop's period. */
    public static final double STEP_SECONDS = 0.001;
    /** The actuator's limit (N): a larger force is clipped to it. */
    public static final double MAX_FORCE = 20.0;
    /** The lean it starts from when the config names none (rad). */
    public static final double DEFAULT_ANGLE = 0.1;

    static final long MAGIC = 0x544e414c50L;
    static final int MAGIC_AT = 0;
    static final int STEP_AT = 8;
    static final int X_AT = 16;
    static final int X_DOT_AT = 24;
    static final int THETA_AT = 32;
    static final int THETA_DOT_AT = 40;
    static final int REFUSED_AT = 48;
    static final int DROPPED_AT = 56;
    static final int SEAL_AT = 64;
    /** The sealed words: the bit flips a test aims at the plant's state land in {@code [0, STATE_BYTES)}. */
    static final int STATE_BYTES = 72;

    /** The plant as a chip knows it. */
    public static final AppDescriptor DESCRIPTOR = AppDescriptor.of(NAME,
                    "Simulates an inverted pendulum on a cart, one 1 ms step per force its controller sends, and answers with the new state.",
                    Plant::create)
            .withParams(
                    AppParam.required("controller", AppParam.Kind.PEER, "the controller its states go to"),
                    AppParam.optional("angle", AppParam.Kind.TEXT, "the pole's lean at the start, in rad (default 0.1)"))
            .withState(Plant::describe)
            .withMemoryCheck(SealedWords.check(NAME, MAGIC, SEAL_AT));

    private final String controller;
    private final double angle;

    private MemoryWindow memory;
    private SealedWords words;
    private Sender toController;

    private Plant(String controller, double angle) {
        this.controller = controller;
        this.angle = angle;
    }

    static App create(Map<String, String> params) {
        AppParams p = AppParams.read(DESCRIPTOR, params);
        return new Plant(p.text("controller"), angle(p.text("angle")));
    }

    /** The {@code angle} parameter: a number of radians in (-pi, pi]; absent, {@link #DEFAULT_ANGLE}. */
    static double angle(String text) {
        if (text == null) {
            return DEFAULT_ANGLE;
        }
        double angle;
        try {
            angle = Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter 'angle' must be a number of radians, not '" + text + "'");
        }
        if (!(angle > -Math.PI && angle <= Math.PI)) {
            throw new IllegalArgumentException("parameter 'angle' must lie in (-pi, pi] radians, not " + text);
        }
        return angle;
    }

    @Override
    public void start(AppContext ctx) {
        memory = ctx.memory();
        words = new SealedWords(memory, NAME, MAGIC, SEAL_AT);
        if (words.open()) {
            store(PoleState.leaning(angle));
            words.seal();
        }
        toController = ctx.channelTo(controller);
    }

    @Override
    public void onMessage(AppContext ctx, Message message) {
        LoopProtocol.Command command = LoopProtocol.Command.read(message);
        if (command == null) {
            return;
        }
        words.verify();
        if (Double.isNaN(command.force())) {
            add(DROPPED_AT);
            words.seal();
            return;
        }
        double force = Math.max(-MAX_FORCE, Math.min(MAX_FORCE, command.force()));
        PoleState next = CartPole.STANDARD.step(state(), force, STEP_SECONDS);
        long step = memory.getLong(STEP_AT) + 1;
        store(next);
        memory.putLong(STEP_AT, step);
        if (!new LoopProtocol.Report(command.tick(), command.sentNanos(), step, next).sendTo(toController)) {
            add(REFUSED_AT);
        }
        words.seal();
    }

    private PoleState state() {
        return new PoleState(getDouble(X_AT), getDouble(X_DOT_AT), getDouble(THETA_AT), getDouble(THETA_DOT_AT));
    }

    private void store(PoleState s) {
        putDouble(X_AT, s.x());
        putDouble(X_DOT_AT, s.xDot());
        putDouble(THETA_AT, s.theta());
        putDouble(THETA_DOT_AT, s.thetaDot());
    }

    private void add(int at) {
        memory.putLong(at, memory.getLong(at) + 1);
    }

    private double getDouble(int at) {
        return Double.longBitsToDouble(memory.getLong(at));
    }

    private void putDouble(int at, double value) {
        memory.putLong(at, Double.doubleToRawLongBits(value));
    }

    /** Steps simulated since the simulation (re)started, read from a view of the plant's memory. */
    public static long steps(MemorySegment appMemory) {
        return appMemory.get(ValueLayout.JAVA_LONG_UNALIGNED, STEP_AT);
    }

    /** The simulated state, read from a view of the plant's memory. */
    public static PoleState state(MemorySegment appMemory) {
        return new PoleState(readDouble(appMemory, X_AT), readDouble(appMemory, X_DOT_AT),
                readDouble(appMemory, THETA_AT), readDouble(appMemory, THETA_DOT_AT));
    }

    /** "step 30000 (30.0 s simulated), x 0.0021 m, theta 0.0010 rad". */
    static String describe(MemorySegment appMemory) {
        if (appMemory.get(ValueLayout.JAVA_LONG_UNALIGNED, MAGIC_AT) != MAGIC) {
            return "not started";
        }
        long steps = steps(appMemory);
        PoleState s = state(appMemory);
        long refused = appMemory.get(ValueLayout.JAVA_LONG_UNALIGNED, REFUSED_AT);
        return String.format(Locale.ROOT, "step %d (%.1f s simulated), x %.4f m, theta %.4f rad%s", steps,
                steps * STEP_SECONDS, s.x(), s.theta(), refused == 0 ? "" : ", " + refused + " answers refused");
    }

    private static double readDouble(MemorySegment appMemory, int at) {
        return Double.longBitsToDouble(appMemory.get(ValueLayout.JAVA_LONG_UNALIGNED, at));
    }
}
