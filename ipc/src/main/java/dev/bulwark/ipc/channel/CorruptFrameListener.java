package dev.bulwark.ipc.channel;

/**
 * Told by a receiving {@link InPort} of each frame whose checksum failed: the message was counted
 * {@code corrupted}, its frame released, and it was never handed to the app. Called on the receiving kernel's
 * thread, inside the port's poll: it must hand the report on and return at once (the monitor's records an event).
 */
@FunctionalInterface
public interface CorruptFrameListener {
    /** Listens to nothing: a port bound without one. */
    CorruptFrameListener NONE = (channel, seq) -> { };

    /**
     * The message with sequence number {@code seq} on {@code channel} failed its checksum. The number is the
     * port's own count of messages taken (message {@code s} is the {@code s}-th committed), not the frame's
     * {@code seq} field, which the corruption may have hit.
     */
    void corrupted(Channel channel, long seq);
}
