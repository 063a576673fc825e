package dev.bulwark.drill.workload;

import dev.bulwark.apps.control.LoopLedger;
import dev.bulwark.apps.control.Plant;
import dev.bulwark.hw.event.Event;
import dev.bulwark.monitor.Monitor;
import dev.bulwark.monitor.Sandbox;
import dev.bulwark.monitor.event.MonitorEvent;

import java.lang.foreign.MemorySegment;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A checker of the control loop: a {@link Poller} reads the plant's memory ({@link Plant#steps}, {@link Plant#state})
 * about every millisecond. A success is a turn of the loop: the plant's step count grew within one incarnation of
 * it, which means the controller's command for a tick was applied (a controller ticking with no plant, or a plant
 * with no commands, does not count). A new plant incarnation's count is a new baseline.
 *
 * <h2>The pole fell: the one violation</h2>
 * The pole fell when the plant's angle leaves {@link LoopLedger#UPRIGHT_LIMIT} (0.5 rad) either way, or is not a
 * number. That is a violation only when it happened on the loop's own: in one <em>epoch</em> (the same
 * incarnations of controller and plant, both serving throughout), the poller first saw the pole up and then down,
 * and no failure of either was detected from the last upright sight until {@link #FALL_GRACE_NANOS} (2 s) after
 * the fall. A failure starts a new epoch, which must see the pole up again before a fall counts:
 * <ul>
 *   <li>a restart of the plant from its pristine image starts the simulation again, at rest leaning its
 *       {@code angle}; a lean beyond the limit there is the config's, not a fall;</li>
 *   <li>a pole that fell while the controller was down (hung until detected, or recovering) stays down after;
 *       that is the failure's effect, which the drill judges, not a wrong result of a working loop.</li>
 * </ul>
 * The grace covers a hang that tilts the pole before the heartbeat detects it (any timeout under 2 s): the
 * checker flushes the monitor's log and looks for a detection before it judges.
 *
 * <p>Threading: the poller's thread alone reads the sandboxes and owns the epoch fields; the event listener (the
 * log's publisher thread) writes only {@code lastFailureNanos}, volatile; the timeline and violation log are
 * thread-safe for the drill's queries. The listener cannot be unsubscribed: after {@link #close} it goes with the log.
 */
public final class ControlWorkload extends Observations {
    public static final String NAME = "control";
    static final long FALL_GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);
    static final long GAP_FLOOR_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long NONE = Long.MIN_VALUE;

    private final String controller;
    private final String plant;
    /** When a failure of the controller or the plant was last detected (or one of them retired or stopped). */
    private volatile long lastFailureNanos = NONE;
    private volatile Poller poller;

    // the poller's thread only
    private int controllerIncarnation = -1;
    private int plantIncarnation = -1;
    private int stepsIncarnation = -1;
    private long steps;
    private long lastUpright = NONE;
    private long fellAt = NONE;
    private double fellTheta;
    private boolean reported;

    public ControlWorkload(String controller, String plant) {
        super(NAME, GAP_FLOOR_NANOS);
        this.controller = controller;
        this.plant = plant;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> sandboxes() {
        return new LinkedHashSet<>(List.of(controller, plant));
    }

    @Override
    public void start(Monitor monitor) {
        monitor.events().subscribe(this::onEvent);
        Poller p = new Poller("drill-control-checker", monitor.clock(), now -> poll(monitor, now));
        poller = p;
        p.start();
    }

    // ---- the poller's thread -------------------------------------------------------------------------------

    private void poll(Monitor monitor, long now) {
        Sandbox c = monitor.sandbox(controller);
        Sandbox p = monitor.sandbox(plant);
        int ci = c.incarnation();
        int pi = p.incarnation();
        MemorySegment memory = p.appMemory(); // a read under a closing mapping throws: the poller counts it
        long stepsNow = Plant.steps(memory);
        double theta = Plant.state(memory).theta();
        boolean serving = c.isServing() && p.isServing() && c.incarnation() == ci && p.incarnation() == pi;
        if (pi == stepsIncarnation && stepsNow > steps) {
            successes.succeeded(now);
        }
        stepsIncarnation = pi;
        steps = stepsNow;
        if (!serving || ci != controllerIncarnation || pi != plantIncarnation) { // a new epoch, or none
            controllerIncarnation = serving ? ci : -1;
            plantIncarnation = serving ? pi : -1;
            lastUpright = NONE;
            fellAt = NONE;
            reported = false;
            return;
        }
        if (Math.abs(theta) <= LoopLedger.UPRIGHT_LIMIT) {
            lastUpright = now;
            fellAt = NONE;
            return;
        }
        if (lastUpright == NONE || reported) {
            return; // down since the epoch began: a failure's effect, or the config's lean
        }
        if (fellAt == NONE) {
            fellAt = now;
            fellTheta = theta;
        }
        if (now - fellAt > FALL_GRACE_NANOS) {
            try {
                monitor.events().flush(1_000); // a detection recorded by now reaches the listener first
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            reported = true;
            long failed = lastFailureNanos;
            if (failed == NONE || failed < lastUpright) {
                violations.record(now, plant, String.format("the pole fell (theta %.3f rad, beyond %.1f) %d ms after it "
                                + "was last seen up, with %s#%d and %s#%d serving and no failure of either detected",
                        fellTheta, LoopLedger.UPRIGHT_LIMIT, (fellAt - lastUpright) / 1_000_000, controller, ci, plant, pi));
            }
        }
    }

    // ---- the log's publisher thread ------------------------------------------------------------------------

    private void onEvent(Event e) {
        if (e instanceof MonitorEvent m && (m.sandbox().equals(controller) || m.sandbox().equals(plant))) {
            switch (m) {
                case MonitorEvent.FaultDetected d -> lastFailureNanos = d.nanos();
                case MonitorEvent.Retired r -> lastFailureNanos = r.nanos();
                case MonitorEvent.Stopped s -> lastFailureNanos = s.nanos();
                case MonitorEvent.AppRestarted a -> lastFailureNanos = a.nanos();
                default -> {
                }
            }
        }
    }

    // ---- what the drill asks -------------------------------------------------------------------------------

    @Override
    public void close() {
        Poller p = poller;
        if (p != null) {
            p.close();
        }
    }

    @Override
    public String toString() {
        return NAME + " checker of " + controller + " and " + plant;
    }
}
