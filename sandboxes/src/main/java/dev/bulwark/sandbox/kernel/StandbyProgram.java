package dev.bulwark.sandbox.kernel;

import dev.bulwark.hw.clock.NanoClock;
import dev.bulwark.hw.core.CoreProgram;
import dev.bulwark.hw.memory.Partition;

/**
 * What a warm standby's core runs (the redundant driver, the spare device controller): a program that waits,
 * already on its own core and thread with its own mapping of the sandbox's memory, to become the sandbox's next
 * kernel. While it waits it keeps its memory at the primary's last applied checkpoint, if the sandbox checkpoints
 * (every epoch it copies the pages the store's image changed since it last caught up); the monitor promotes it
 * ({@link #promote}) when the primary fails, and from its next pass on it runs that kernel, after a last catch-up
 * to the committed checkpoint. A failover thus starts no thread, maps nothing and copies only the pages of the
 * epochs it had not yet taken.
 *
 * <h2>Reading the image while the primary applies to it</h2>
 * The catch-up reads the store's image while the primary's checkpointer may be applying an epoch to it; the store's
 * apply sequence is a seqlock ({@link CheckpointStore#applySequence()}: odd while an apply runs), so a catch-up that
 * overlapped one counts for nothing and is done again next time (the pages it copied are copied again, since the
 * epoch it had caught up to did not move). The last catch-up runs after the primary's lease was revoked: no apply
 * is under way then, and the monitor has completed any epoch that committed unapplied ({@link CheckpointStore#recover()}).
 *
 * <p>Threading: everything runs on the standby's core thread but {@link #promote}, a volatile hand-over from the
 * monitor (which then rings the core's doorbell).
 */
public final class StandbyProgram implements CoreProgram {
    private final CheckpointStore checkpoints;
    private final Partition partition;
    private final NanoClock clock;
    private volatile Kernel promoted;
    private boolean caughtUp;
    /** The epoch of the checkpoint the partition holds: -1 at first (zeroed: not even the pristine image's kernel page). */
    private long synced = -1;
    private long nextSync;

    /** A standby on {@code partition} (a fresh mapping of a zeroed backing), fed from {@code checkpoints} (null: none). */
    public StandbyProgram(CheckpointStore checkpoints, Partition partition, NanoClock clock) {
        this.checkpoints = checkpoints;
        this.partition = partition;
        this.clock = clock;
        if (checkpoints == null) {
            caughtUp = true;
        }
    }

    /** The partition the promoted kernel will run on. */
    public Partition partition() {
        return partition;
    }

    /**
     * Makes {@code kernel}, built on {@link #partition()} with the sandbox's channels and devices bound to it, what this
     * core runs from its next pass. The monitor calls it once, then rings the core's doorbell.
     */
    public void promote(Kernel kernel) {
        promoted = kernel;
    }

    @Override
    public int doWork() {
        Kernel kernel = promoted;
        if (kernel != null) {
            if (!caughtUp) {
                catchUp(true);
                caughtUp = true;
            }
            return kernel.doWork();
        }
        long now = clock.nanoTime();
        if (checkpoints != null && now - nextSync >= 0) {
            nextSync = now + checkpoints.epochNanos();
            return catchUp(false);
        }
        return 0;
    }

    @Override
    public long wakeAt(long now) {
        Kernel kernel = promoted;
        if (kernel != null) {
            return caughtUp ? kernel.wakeAt(now) : now;
        }
        return checkpoints == null ? Long.MAX_VALUE : nextSync;
    }

    @Override
    public void onClose() {
        Kernel kernel = promoted;
        if (kernel != null) {
            kernel.onClose();
        }
    }

    /**
     * Copies the pages the image changed after {@link #synced}; {@code last}: the primary is gone, nothing applies.
     * Returns the pages copied.
     */
    private int catchUp(boolean last) {
        long sequence = checkpoints.applySequence();
        if (!last && (sequence & 1) != 0) {
            return 0; // an apply is under way: next time
        }
        long epoch = checkpoints.appliedEpoch();
        if (epoch == synced) {
            return 0;
        }
        int[] copied = {0};
        checkpoints.pagesChangedAfter(synced, page -> {
            checkpoints.copyPage((int) page, partition);
            copied[0]++;
        });
        if (last || checkpoints.applySequenceAgain() == sequence) {
            synced = epoch;
        }
        return copied[0];
    }
}
