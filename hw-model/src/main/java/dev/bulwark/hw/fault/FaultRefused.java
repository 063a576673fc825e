package dev.bulwark.hw.fault;

import dev.bulwark.hw.event.Event;

/** Injection {@code seq} into {@code target} was refused: the fault was not delivered, for {@code reason}. */
public record FaultRefused(long nanos, long seq, String target, String reason) implements Event {
}
