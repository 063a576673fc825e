package dev.bulwark.ipc;

/** A message that does not fit its channel's slot: names the channel, the size asked for and the limit. */
public final class PayloadTooLargeException extends IllegalArgumentException {
    public PayloadTooLargeException(String channel, long size, int limit) {
        super("channel " + channel + ": a payload of " + size + " bytes does not fit its slot of " + limit + " bytes");
    }
}
