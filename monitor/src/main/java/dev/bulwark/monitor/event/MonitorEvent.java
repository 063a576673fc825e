package dev.bulwark.monitor.event;

import dev.bulwark.hw.event.Event;
import dev.bulwark.hw.fault.Fault;
import dev.bulwark.monitor.policy.Scheme;

/**
 * What the monitor records about sandboxes: every boot, detection, recovery step and outcome, stamped by
 * the {@link dev.bulwark.monitor.EventLog} with the chip clock's nanoseconds. Fault injections are
 * recorded beside these as {@link dev.bulwark.hw.fault.FaultInjected}, and faults of the monitor itself
 * as {@link MonitorFault}.
 */
public sealed interface MonitorEvent extends Event {
    /** The sandbox all of these are about. */
    String sandbox();

    /** An incarnation was made current on its core and is about to start (boot runs on the core's own thread). */
    record Booted(long nanos, String sandbox, int incarnation, int core) implements MonitorEvent {
    }

    /** The incarnation finished booting and its first event-loop pass: first useful work. */
    record Serving(long nanos, String sandbox, int incarnation) implements MonitorEvent {
    }

    /** A failure of {@code incarnation} was detected. */
    record FaultDetected(long nanos, String sandbox, int incarnation, Detection detection, String cause)
            implements MonitorEvent {
    }

    /** Recovery launches {@code incarnation} with {@code scheme}. */
    record Recovering(long nanos, String sandbox, int incarnation, Scheme scheme) implements MonitorEvent {
    }

    /** The sandbox was stopped for good by the recovery policy; {@code reason} says why. */
    record Stopped(long nanos, String sandbox, String reason) implements MonitorEvent {
    }

    /** An app handler threw and the kernel restarted the app. */
    record AppRestarted(long nanos, String sandbox, int incarnation, String cause) implements MonitorEvent {
    }

    /** The app of {@code sandbox} said its job is done: {@code success}, and what came of it. */
    record JobFinished(long nanos, String sandbox, int incarnation, boolean success, String summary) implements MonitorEvent {
    }

    /** Messages taken by a failed incarnation and never handled: counted, not silently lost. */
    record MessagesLost(long nanos, String sandbox, String channel, long count) implements MonitorEvent {
    }

    /**
     * A fault delivered to {@code incarnation} was still waiting for its kernel's next pass when the
     * incarnation was retired (it had failed of something else): the fault never acted.
     */
    record FaultNotTaken(long nanos, String sandbox, int incarnation, Fault fault) implements MonitorEvent {
    }

    /** The thread of a retired incarnation has ended; {@code how} says what ended it, in words. */
    record IncarnationEnded(long nanos, String sandbox, int incarnation, String how) implements MonitorEvent {
    }
}
