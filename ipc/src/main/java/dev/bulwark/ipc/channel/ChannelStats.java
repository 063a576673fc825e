package dev.bulwark.ipc.channel;

/**
 * A snapshot of a channel's counters; see {@link Channel} for the rule that ties them together:
 * {@code sent == handled + lost + corrupted + queued + inHandler}.
 */
public record ChannelStats(String name, long sent, long refused, long received, long handled, long corrupted,
                           long lost, int queued) {
    /** Messages taken by the live receiver whose handler has not returned yet (0 or 1). */
    public long inHandler() {
        return received - handled - corrupted - lost;
    }
}
