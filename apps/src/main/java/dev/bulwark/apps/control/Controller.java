package dev.bulwark.apps.control;

import dev.bulwark.ipc.Message;
import dev.bulwark.ipc.Sender;
import dev.bulwark.sandbox.app.App;
import dev.bulwark.sandbox.app.AppCheck;
import dev.bulwark.sandbox.app.AppContext;
import dev.bulwark.sandbox.app.AppDescriptor;
import dev.bulwark.sandbox.app.AppParam;
import dev.bulwark.sandbox.app.AppParams;
import dev.bulwark.sandbox.app.ConsolePort;
import dev.bulwark.sandbox.app.DeviceEvent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The controller of the control loop: on each tick of its {@code clock} (a timer device, period 1 ms) it
 * sends its {@code plant} the force its feedback law computes from the latest state the plant reported
 * (no force before the first report), and keeps the account of the loop's deadlines in a {@link LoopLedger}
 * in its memory. Once a second it prints that account on its {@code console}, if it has one.
 *
 * <p>The law is LQR state feedback, F = -K (x, x', theta, theta'), with K designed by {@link LqrDesign} for the
 * cart-pole linearised about upright and sampled at the loop's period ({@link Plant#STEP_SECONDS}), weights
 * {@link LqrDesign#LOOP_WEIGHTS}, saturating at the plant's actuator limit. From the plant's default start
 * (0.1 rad) it brings the pole up within about a second and the cart back to the middle within a few.
 *
 * <p>A command the channel refuses is not retried: the next tick sends a fresher one, and the ledger counts
 * the refused one as a miss.
 */
public final class Controller implements App {
    public static final String NAME = "controller";
    static final long CONSOLE_PERIOD_NANOS = 1_000_000_000L;

    /** The controller as a chip knows it. */
    public static final AppDescriptor DESCRIPTOR = AppDescriptor.of(NAME,
                    "Closes a control loop over channels: each timer tick, sends its plant a force from the latest state; counts deadline misses.",
                    Controller::create)
            .withParams(
                    AppParam.required("plant", AppParam.Kind.PEER, "the plant it sends forces to"),
                    AppParam.required("clock", AppParam.Kind.DEVICE, "the timer whose ticks pace the loop (period 1 ms)"),
                    AppParam.optional("console", AppParam.Kind.DEVICE, "a console for a line of figures every second"))
            .withState(LoopLedger::describe)
            .withCheck(Controller::checkPlants)
            .withMemoryCheck(LoopLedger.CHECK);

    /** The feedback law, designed once per JVM, when the first controller is made (tens of ms). */
    private static final class Law {
        static final StateFeedback FEEDBACK = LqrDesign.design(CartPole.STANDARD, Plant.STEP_SECONDS,
                LqrDesign.LOOP_WEIGHTS, Plant.MAX_FORCE);
    }

    private final String plant;
    private final String clock;
    private final String consoleName;
    private final StateFeedback law;

    private LoopLedger ledger;
    private Sender toPlant;
    private ConsolePort console;
    private long lastPrintNanos;

    private Controller(String plant, String clock, String consoleName, StateFeedback law) {
        this.plant = plant;
        this.clock = clock;
        this.consoleName = consoleName;
        this.law = law;
    }

    static App create(Map<String, String> params) {
        AppParams p = AppParams.read(DESCRIPTOR, params);
        return new Controller(p.text("plant"), p.text("clock"), p.text("console"), Law.FEEDBACK);
    }

    /**
     * Two controllers naming the same plant both push it, each stepping its simulation, and the plant answers
     * only the controller its own config names: the other's every deadline is a miss.
     */
    static List<AppCheck.Warning> checkPlants(List<AppCheck.Use> controllers) {
        Map<String, String> firstByPlant = new HashMap<>();
        List<AppCheck.Warning> warnings = new ArrayList<>();
        for (AppCheck.Use use : controllers) {
            String plant = use.params().get("plant");
            String first = plant == null ? null : firstByPlant.putIfAbsent(plant, use.sandbox());
            if (first != null) {
                warnings.add(new AppCheck.Warning(use.sandbox(), "plant", ("plant '%s' is driven by %s already: "
                        + "both would step its simulation, and it answers only one of them").formatted(plant, first)));
            }
        }
        return warnings;
    }

    /** The feedback law every controller uses. */
    public static StateFeedback law() {
        return Law.FEEDBACK;
    }

    @Override
    public void start(AppContext ctx) {
        ledger = LoopLedger.open(ctx.memory());
        toPlant = ctx.channelTo(plant);
        console = consoleName == null ? null : ctx.console(consoleName);
        lastPrintNanos = ctx.now();
    }

    @Override
    public void onDevice(AppContext ctx, DeviceEvent event) {
        if (event instanceof DeviceEvent.Tick tick && tick.device().equals(clock)) {
            onTick(ctx, tick);
        }
    }

    private void onTick(AppContext ctx, DeviceEvent.Tick tick) {
        ledger.onTick(tick);
        PoleState state = ledger.state();
        double force = state == null ? 0 : law.force(state);
        boolean accepted = new LoopProtocol.Command(tick.tick(), ctx.now(), force).sendTo(toPlant);
        ledger.commandSent(tick, force, accepted);
        if (console != null && ctx.now() - lastPrintNanos >= CONSOLE_PERIOD_NANOS) {
            lastPrintNanos = ctx.now();
            console.println(ctx.sandboxName() + ": " + ledger.describe());
        }
    }

    @Override
    public void onMessage(AppContext ctx, Message message) {
        LoopProtocol.Report report = LoopProtocol.Report.read(message);
        if (report != null) {
            ledger.onReport(report, ctx.now());
        }
    }
}
