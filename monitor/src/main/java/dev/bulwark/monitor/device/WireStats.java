package dev.bulwark.monitor.device;

/**
 * A snapshot of what a {@link RespWire} has counted since it started.
 *
 * @param delivered       frames (OPENED, DATA, CLOSED) the NIC accepted
 * @param refused         tries the NIC refused (receive ring full, or the NIC stopped); the frame was held and tried again
 * @param transmitted     frames taken off the transmit ring and written (or, bytes null, acted on as a close)
 * @param transmitDropped frames taken off the transmit ring for a connection that is unknown, closed or
 *                        closing, and frames dropped by a reset
 * @param receiveDropped  held DATA frames dropped by a reset (their connection was closed by it)
 * @param protocolErrors  connections closed for malformed RESP
 * @param outputOverflows connections closed because their unsent output passed the wire's limit
 */
public record WireStats(long delivered, long refused, long transmitted, long transmitDropped, long receiveDropped,
                        long protocolErrors, long outputOverflows) {
}
