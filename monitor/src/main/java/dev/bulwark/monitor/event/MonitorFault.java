package dev.bulwark.monitor.event;

import dev.bulwark.hw.event.Event;

/**
 * The monitor itself hit an unexpected throwable {@code during} a step (handling a trap, recovering a
 * sandbox, watching heartbeats). The supervisor records it, counts it, and carries on: its control plane
 * does not die with one step.
 */
public record MonitorFault(long nanos, String during, String cause) implements Event {
}
