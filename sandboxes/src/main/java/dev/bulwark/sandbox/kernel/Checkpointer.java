package dev.bulwark.sandbox.kernel;

import dev.bulwark.hw.core.Lease;
import dev.bulwark.hw.memory.Partition;
import dev.bulwark.ipc.channel.InPort;
import dev.bulwark.ipc.channel.OutPort;

import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The epoch checkpoints of a kernel whose sandbox rolls back (Cuju, Remus): an event source, last in the pass, that
 * at each epoch boundary copies the pages dirtied since the last checkpoint, with the positions of the sandbox's
 * channels, to its {@link CheckpointStore}, and once that epoch has committed releases what it held: the messages
 * its app sent (held by the outbound ports) and the frames of the messages it took (kept by the inbound ports).
 *
 * <h2>When</h2>
 * An epoch ends at the first pass at least {@code epoch} after the last checkpoint in which there is something
 * to commit (dirty pages, held messages, taken messages) and the app is at rest ({@code App.checkpointable}:
 * everything it must keep is in its memory, nothing waits only on its heap, such as replies not yet sent). The
 * boundary falls between handlers, so every message taken has been handled. An app not at rest has work pending
 * (a timer) that wakes the kernel again; the checkpoint is taken at the first pass after it. A channel half full
 * of what the epoch holds ends it early (see {@link #underPressure()}).
 *
 * <h2>What a checkpoint never holds</h2>
 * The kernel's own data is verified first: a checkpoint of corrupt kernel data would bring the corruption back
 * with every rollback, so the kernel traps instead. A bit flipped by a hardware fault marks no page dirty, so it
 * reaches a checkpoint only if software writes that page afterwards.
 */
final class Checkpointer implements EventSource {
    private final CheckpointStore store;
    private final Partition partition;
    private final Lease lease;
    private final KernelData kernelData;
    private final BooleanSupplier appAtRest;
    private final InPort[] inbox;
    private final OutPort[] outbox;
    private final CheckpointStore.PageList pages;
    private final long[] positions;
    private final long epochNanos;
    private long epoch;
    private long nextAt;

    /** {@code inbox} and {@code outbox} by channel name; the store says in which order their positions go. */
    Checkpointer(CheckpointStore store, Partition partition, Lease lease, KernelData kernelData, BooleanSupplier appAtRest,
                 List<InPort> inbox, Map<String, OutPort> outbox, long now) {
        this.store = store;
        this.partition = partition;
        this.lease = lease;
        this.kernelData = kernelData;
        this.appAtRest = appAtRest;
        this.inbox = store.inbound().stream().map(name -> inbox.stream().filter(p -> p.channel().name().equals(name))
                .findFirst().orElseThrow(() -> new IllegalStateException("no inbound port for " + name))).toArray(InPort[]::new);
        this.outbox = store.outbound().stream().map(name -> outbox.values().stream()
                .filter(p -> p.channel().name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no outbound port for " + name))).toArray(OutPort[]::new);
        this.pages = new CheckpointStore.PageList((int) (partition.byteSize() / store.pageBytes()));
        this.positions = new long[this.inbox.length + this.outbox.length];
        this.epochNanos = store.epochNanos();
        this.epoch = store.committedEpoch();
        this.nextAt = now + epochNanos;
    }

    @Override
    public int doWork(long now) {
        if ((now - nextAt < 0 && !underPressure()) || !pending() || !appAtRest.getAsBoolean()) {
            return 0;
        }
        checkpoint();
        nextAt = now + epochNanos;
        return 1;
    }

    /** At the boundary while something waits to commit; otherwise only other work can bring something to commit. */
    @Override
    public long wakeAt(long now) {
        if (!pending()) {
            return Long.MAX_VALUE;
        }
        return now - nextAt < 0 && !underPressure() ? nextAt : (appAtRest.getAsBoolean() ? now : Long.MAX_VALUE);
    }

    /**
     * Whether some channel is half full of what this epoch holds (messages sent, frames taken): the epoch then ends
     * early, at the app's next rest, because a channel full of held messages could never drain before the epoch
     * commits while the app, unable to send, would never come to rest.
     */
    private boolean underPressure() {
        for (OutPort out : outbox) {
            if (out.heldCount() * 2 >= out.channel().capacity()) {
                return true;
            }
        }
        for (InPort in : inbox) {
            if (in.uncommittedCount() * 2 >= in.channel().capacity()) {
                return true;
            }
        }
        return false;
    }

    /** The epochs this incarnation committed, and before it the sandbox's (the store's count). */
    long epoch() {
        return epoch;
    }

    private boolean pending() {
        if (partition.dirtyPages().count() > 0) {
            return true;
        }
        for (OutPort out : outbox) {
            if (out.heldCount() > 0) {
                return true;
            }
        }
        for (InPort in : inbox) {
            if (in.uncommittedCount() > 0) {
                return true;
            }
        }
        return false;
    }

    private void checkpoint() {
        kernelData.verify();
        pages.clear();
        partition.dirtyPages().forEach(pages::add);
        for (int i = 0; i < inbox.length; i++) {
            positions[i] = inbox[i].consumed();
        }
        for (int i = 0; i < outbox.length; i++) {
            positions[inbox.length + i] = outbox[i].written();
        }
        lease.enter(); // a zombie writes no checkpoint: once the monitor has revoked the lease, none is under way
        try {
            store.commit(epoch + 1, partition, pages, positions);
            store.apply();
        } finally {
            lease.exit();
        }
        partition.dirtyPages().clear();
        epoch++;
        for (InPort in : inbox) { // the epoch committed: its inputs' frames are free, its outputs may be seen
            in.commitConsumed();
        }
        for (OutPort out : outbox) {
            out.releaseHeld();
        }
    }
}
