package dev.bulwark.cli;

import dev.bulwark.cli.inject.InjectionSyntax;
import dev.bulwark.hw.device.DeviceActivity;
import dev.bulwark.hw.event.Event;
import dev.bulwark.hw.fault.FaultInjected;
import dev.bulwark.hw.fault.FaultRefused;
import dev.bulwark.monitor.event.MonitorEvent;
import dev.bulwark.monitor.event.MonitorFault;

import dev.bulwark.monitor.spec.Units;

import java.time.Duration;
import java.util.Locale;

/**
 * One human-readable line per event, timed from an origin. An injected fault is written as {@code --inject}
 * writes it ({@code ring-1: fault #1 injected: kernel-panic site=app}), so a line can be typed back.
 */
final class EventLines {
    private EventLines() {
    }

    static String line(Event event, long originNanos) {
        String at = String.format(Locale.ROOT, "%10.3f ms  ", (event.nanos() - originNanos) / 1e6);
        return at + switch (event) {
            case FaultInjected f -> f.target() + ": fault #" + f.seq() + " injected: " + InjectionSyntax.words(f.fault());
            case MonitorEvent.Booted b -> b.sandbox() + "#" + b.incarnation() + ": booting on core " + b.core();
            case MonitorEvent.Serving s -> s.sandbox() + "#" + s.incarnation() + ": serving";
            case MonitorEvent.FaultDetected d -> d.sandbox() + "#" + d.incarnation() + ": failure detected by "
                    + d.detection().describe() + " (" + d.cause() + ")";
            case MonitorEvent.Recovering r -> r.sandbox() + ": recovering by " + r.scheme().configName()
                    + " as incarnation " + r.incarnation() + " on core " + r.core();
            case MonitorEvent.Planned p -> p.sandbox() + ": supervisor " + p.supervisor() + " plans " + p.plan();
            case MonitorEvent.Retired r -> r.sandbox() + "#" + r.incarnation() + ": retired: " + r.why();
            case MonitorEvent.Migrated m -> m.sandbox() + ": moves from core " + m.fromCore() + ", failed for good, to core "
                    + m.toCore() + " for incarnation " + m.incarnation();
            case MonitorEvent.BackingOff b -> b.sandbox() + ": backing off " + Units.duration(Duration.ofNanos(b.delayNanos())) + " before the launch";
            case MonitorEvent.MemoryChecked c -> c.sandbox() + "#" + c.incarnation() + ": mapping closed in "
                    + Units.duration(Duration.ofNanos(c.unmapNanos())) + "; app memory " + (c.kept() ? "passed its check: kept" : "refused: " + c.problem());
            case MonitorEvent.Escalated e -> e.sandbox() + ": " + e.scheme().configName() + " could not be carried out ("
                    + e.reason() + "): escalating";
            case MonitorEvent.Stopped s -> s.sandbox() + ": stopped: " + s.reason();
            case MonitorEvent.AppRestarted a -> a.sandbox() + "#" + a.incarnation() + ": app restarted after " + a.cause();
            case MonitorEvent.JobFinished j -> j.sandbox() + "#" + j.incarnation() + ": job "
                    + (j.success() ? "done: " : "FAILED: ") + j.summary();
            case MonitorEvent.MessagesLost l -> l.sandbox() + ": " + l.count() + " message(s) on " + l.channel()
                    + " lost with the failed incarnation";
            case MonitorEvent.RolledBack r -> r.sandbox() + "#" + r.incarnation() + ": resumes at checkpoint " + r.epoch()
                    + " (" + r.pages() + " page(s) restored, " + r.replayed() + " input(s) to replay, " + r.released()
                    + " committed output(s) released, " + r.escaped() + " rolled-back output(s) escaped)";
            case MonitorEvent.StandbyReady st -> st.sandbox() + ": warm standby ready on core " + st.core();
            case MonitorEvent.MessageCorrupted c -> c.sandbox() + "#" + c.incarnation() + ": message " + c.seq() + " on "
                    + c.channel() + " failed its " + c.detection().describe() + ": dropped, the kernel goes on";
            case MonitorEvent.IncarnationEnded x -> x.sandbox() + "#" + x.incarnation() + ": thread " + x.how();
            case MonitorEvent.CopyRebuilt c -> c.sandbox() + "#" + c.incarnation() + ": rebuilt, replaying generation "
                    + c.generation() + " of its sandbox's input log while the other copies serve";
            case MonitorEvent.FaultNotTaken n -> n.sandbox() + "#" + n.incarnation() + ": " + n.fault().describe()
                    + " never acted: the incarnation was retired before it took it";
            case FaultRefused r -> r.target() + ": fault #" + r.seq() + " refused: " + r.reason();
            case DeviceActivity.Attached a -> a.device() + ": attached to " + a.sandbox() + "#" + a.incarnation()
                    + (a.dropped().isEmpty() ? "" : " (" + a.dropped() + ")");
            case DeviceActivity.Listening l -> l.device() + ": listening on " + l.address();
            case DeviceActivity.ConsoleLine c -> c.sandbox() + " [" + c.device() + "] " + c.line();
            case DeviceActivity.WireFault w -> w.device() + ": wire fault: " + w.what();
            case MonitorFault m -> "monitor fault while " + m.during() + ": " + m.cause() + " (the monitor carries on)";
            default -> event.toString();
        };
    }
}
