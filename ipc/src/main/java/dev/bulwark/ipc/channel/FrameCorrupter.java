package dev.bulwark.ipc.channel;

import dev.bulwark.hw.fault.Fault;
import dev.bulwark.hw.fault.FaultKind;
import dev.bulwark.hw.fault.FaultRefusedException;
import dev.bulwark.hw.fault.FaultTarget;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static dev.bulwark.ipc.channel.FrameDescriptor.HEADER;
import static dev.bulwark.ipc.channel.FrameDescriptor.LENGTH_AT;
import static dev.bulwark.ipc.channel.FrameDescriptor.SEALED_FROM;

/**
 * A channel as a fault target: {@link Fault.MessageCorruption} flips one bit of a message in transit, a committed
 * frame the receiver has not verified yet. One per channel, for the channel's life (it outlives every port).
 *
 * <h2>Armed, then struck by the consumer</h2>
 * {@link #inject} never writes a frame: it <em>arms</em> the corruption, and the receiving port strikes the next
 * frame it takes from the queue ({@link #strike}), after its poll and before it verifies the checksum. That frame
 * is the oldest one queued, if any is, or else the next one committed: either way a message between commit and
 * verification, as a flip on the wire or in a buffer would be. If the receiver is down the corruption waits, and
 * its next incarnation's port takes it. One is armed at a time: another injected before a frame took the first is
 * refused ({@link FaultRefusedException}), never lost; {@link #disarm} takes back one that no frame took.
 *
 * <h2>Why the flip is safe</h2>
 * The producer writes a frame plainly and publishes it with the queue's offer (a release); the consumer's poll (an
 * acquire) makes those writes visible, and from then on the frame is the consumer's alone until it releases it
 * ({@code handled} or {@code corrupted}, release stores the producer reads with an acquire before it writes the
 * frame again; see {@link Channel}). So the flip is a plain read-modify-write on the consumer's own thread, inside
 * the window it owns the frame: no other thread reads or writes those bytes meanwhile, and the checksum the same
 * thread computes next sees the flip. The only state shared with the injecting thread is {@code armed}: a
 * compare-and-set (volatile) to arm, an acquire load per frame taken (on the consumer's path: the frame's bytes
 * are not ordered by it, only the fault record, which is immutable), and a get-and-set (volatile) to take it, so
 * exactly one frame, or one {@link #disarm}, gets each armed fault.
 *
 * <h2>Which bit</h2>
 * The fault's {@code bit}, modulo the sealed bits of the struck message: {@code 8 * (HEADER - SEALED_FROM +
 * length)}, counted from the lowest bit of the byte at {@link FrameDescriptor#SEALED_FROM} (so header fields after
 * the checksum, then the payload). CRC-32C detects every single-bit flip of a fixed range; a flip of the length
 * field makes the port check a different range, a miss with odds of about 2<sup>-32</sup>, or an insane length.
 */
public final class FrameCorrupter implements FaultTarget {
    private static final Set<FaultKind> ACCEPTED = Set.of(FaultKind.MESSAGE_CORRUPTION);

    private final Channel channel;
    private final AtomicReference<Fault.MessageCorruption> armed = new AtomicReference<>();

    FrameCorrupter(Channel channel) {
        this.channel = channel;
    }

    @Override
    public String targetName() {
        return channel.name();
    }

    @Override
    public Set<FaultKind> acceptedFaults() {
        return ACCEPTED;
    }

    /**
     * Arms {@code fault} for the next frame the receiver takes (any thread).
     *
     * @throws FaultRefusedException    if a corruption is armed already and no frame has taken it yet
     * @throws IllegalArgumentException if {@code fault} is not a message corruption
     */
    @Override
    public void inject(Fault fault) {
        if (!(fault instanceof Fault.MessageCorruption corruption)) {
            throw new IllegalArgumentException(targetName() + " does not accept " + fault.kind());
        }
        if (!armed.compareAndSet(null, corruption)) {
            throw new FaultRefusedException("channel " + targetName()
                    + " has not yet passed a message through the corruption armed before: one at a time");
        }
    }

    /** Whether a corruption is armed and no frame has taken it yet (a look, for tests and the drill). */
    public boolean isArmed() {
        return armed.get() != null;
    }

    /** Takes back the armed corruption that no frame took (any thread); null if none. */
    public Fault disarm() {
        return armed.getAndSet(null);
    }

    /**
     * Consumer thread only, on a frame it has just polled and not yet verified: flips the armed corruption's bit in
     * it, if one is armed. Returns whether it did.
     */
    boolean strike(MemorySegment region, long frameAt) {
        if (armed.getAcquire() == null) {
            return false; // the common case: one load, no write
        }
        Fault.MessageCorruption fault = armed.getAndSet(null);
        if (fault == null) {
            return false; // disarmed meanwhile
        }
        int length = Math.clamp(region.get(ValueLayout.JAVA_INT_UNALIGNED, frameAt + LENGTH_AT), 0, channel.slotBytes());
        long sealedBits = 8L * (HEADER - SEALED_FROM + length);
        long bit = fault.bit() % sealedBits;
        long at = frameAt + SEALED_FROM + (bit >>> 3);
        byte b = region.get(ValueLayout.JAVA_BYTE, at);
        region.set(ValueLayout.JAVA_BYTE, at, (byte) (b ^ (1 << (bit & 7))));
        return true;
    }

    @Override
    public String toString() {
        return "faults of " + channel;
    }
}
