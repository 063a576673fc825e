package dev.bulwark.monitor.spec;

import dev.bulwark.ipc.channel.FrameDescriptor;

/**
 * A one-way channel from sandbox {@code from} to sandbox {@code to}, holding up to {@code capacity}
 * messages of up to {@code slotBytes} payload bytes each, in frames of its own region of chip memory.
 */
public record ChannelSpec(String from, String to, int capacity, int slotBytes) {
    public static final int DEFAULT_CAPACITY = 1024;
    public static final int DEFAULT_SLOT_BYTES = FrameDescriptor.DEFAULT_SLOT_BYTES;

    /** A channel with the default slot of {@value #DEFAULT_SLOT_BYTES} bytes. */
    public ChannelSpec(String from, String to, int capacity) {
        this(from, to, capacity, DEFAULT_SLOT_BYTES);
    }

    public String name() {
        return from + "->" + to;
    }

    /** Bytes of chip memory its frames take. */
    public long regionBytes() {
        return FrameDescriptor.regionBytes(capacity, slotBytes);
    }
}
