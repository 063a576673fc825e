package dev.bulwark.ipc.channel;

/**
 * A snapshot of a channel's counters; see {@link Channel} for the rule that ties them together:
 * {@code sent == handled + lost + corrupted + queued + inHandler}. {@code outOfSequence} counts messages taken whose
 * sequence number was not the next one: always 0 unless a message arrived twice or one went missing (an output of a
 * rolled-back epoch that escaped would show here, its sequence number sent again by the sender's successor).
 */
public record ChannelStats(String name, long sent, long refused, long received, long handled, long corrupted,
                           long lost, int queued, long outOfSequence) {
    /** Messages taken by the live receiver whose handler has not returned yet (0 or 1). */
    public long inHandler() {
        return received - handled - corrupted - lost;
    }
}
