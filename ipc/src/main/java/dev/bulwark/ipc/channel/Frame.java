package dev.bulwark.ipc.channel;

/**
 * A token for one frame of a channel's region: what the channel's JCTools queue carries from producer to
 * consumer (one preallocated token per frame, so the queue never allocates). It holds only the frame's
 * offset; the frame's bytes live in modeled memory (see {@link FrameDescriptor}).
 */
final class Frame {
    final long offset;

    Frame(long offset) {
        this.offset = offset;
    }
}
