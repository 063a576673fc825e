package dev.bulwark.ipc.channel;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

import static dev.bulwark.ipc.channel.FrameDescriptor.HEADER;
import static dev.bulwark.ipc.channel.FrameDescriptor.SEALED_FROM;

/**
 * The checksum of a frame: CRC-32C of {@code [SEALED_FROM, HEADER + length)} (see {@link FrameDescriptor}),
 * computed without allocating over a view of the channel's region made once. The sender seals with it,
 * the receiver verifies with it. One per port: it is not thread-safe.
 */
final class FrameSeal {
    private final ByteBuffer view;
    private final CRC32C crc = new CRC32C();

    FrameSeal(MemorySegment region) {
        this.view = region.asByteBuffer();
    }

    /** The checksum of the frame at {@code frameAt} carrying {@code length} payload bytes. */
    int of(long frameAt, int length) {
        crc.reset();
        view.clear().position((int) frameAt + SEALED_FROM).limit((int) frameAt + HEADER + length);
        crc.update(view);
        return (int) crc.getValue();
    }
}
