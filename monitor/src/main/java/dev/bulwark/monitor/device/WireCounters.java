package dev.bulwark.monitor.device;

/**
 * What a wire has counted. Threading: written by the wire's event-loop thread only (so a plain increment of
 * a volatile is exact), read from any thread.
 */
final class WireCounters {
    volatile long delivered;
    volatile long refused;
    volatile long transmitted;
    volatile long transmitDropped;
    volatile long receiveDropped;
    volatile long protocolErrors;
    volatile long outputOverflows;

    WireStats snapshot() {
        return new WireStats(delivered, refused, transmitted, transmitDropped, receiveDropped, protocolErrors,
                outputOverflows);
    }
}
