package dev.bulwark.monitor.spec;

/** A one-way channel from sandbox {@code from} to sandbox {@code to}, holding up to {@code capacity} messages. */
public record ChannelSpec(String from, String to, int capacity) {
    public static final int DEFAULT_CAPACITY = 1024;
}
