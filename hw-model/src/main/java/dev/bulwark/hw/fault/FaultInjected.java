package dev.bulwark.hw.fault;

import dev.bulwark.hw.event.Event;

/** The record of one injection: the {@code seq}-th of its injector, at {@code nanos}, into {@code target}. */
public record FaultInjected(long nanos, long seq, String target, Fault fault) implements Event {
}
