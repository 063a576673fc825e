package dev.bulwark.sandbox.kernel;

import dev.bulwark.hw.memory.Partition;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * The checkpoint area of one sandbox that checkpoints in epochs (Cuju, Remus): the last committed state of its
 * partition and its channel positions, in memory the monitor owns and every incarnation of the sandbox writes
 * through its {@link Checkpointer}. It outlives the incarnations: a rollback restores its image into the next
 * one's fresh partition.
 *
 * <h2>Layout: a redo log in front of an image</h2>
 * <pre>
 *   meta   [ committed epoch | applied epoch | log pages | apply sequence ]   long × 4, then
 *          [ log positions: inbound consumed.., outbound written.. ][ image positions: the same ]   long × 2n
 *   index  [ page number of log page 0 | 1 | .. ]                       int × pages
 *   log    [ page | page | .. ]                                          pages × pageBytes
 *   image  [ the partition as of the applied epoch ]                     partitionBytes
 *   stamps [ epoch at which each image page last changed (0: pristine) ] long × pages (heap: the store's own)
 * </pre>
 * An epoch is written in two steps so that a failure at any point leaves one whole committed state:
 * <ol>
 *   <li>the pages dirtied since the last checkpoint go to the log, with the channel positions, and then the
 *       committed epoch is stored with release semantics: <b>the commit point</b>;</li>
 *   <li>the log is applied to the image (pages and positions), and then the applied epoch is stored.</li>
 * </ol>
 * While the two epochs differ the log holds a committed epoch the image lacks; {@link #recover()} applies it
 * again (applying is idempotent). The next log is written only after the last was applied, so the log never
 * holds the only copy of a committed epoch while it is being overwritten.
 *
 * <h2>Ownership</h2>
 * One writer at a time: the checkpointer of the sandbox's current incarnation, inside its lease; the monitor
 * reads or recovers the store only after revoking that lease ({@code Lease.revoke} returns once no operation is
 * under way and none can start), and before launching the next incarnation, whose thread start orders the
 * monitor's writes before its own. The epochs are also read by other threads (a standby, reports) with acquire
 * loads.
 */
public final class CheckpointStore {
    private static final VarHandle LONGS = ValueLayout.JAVA_LONG.varHandle();
    private static final int COMMITTED_AT = 0;
    private static final int APPLIED_AT = 8;
    private static final int LOG_PAGES_AT = 16;
    private static final int APPLY_SEQUENCE_AT = 24;
    private static final int POSITIONS_AT = 32;

    private final String sandbox;
    private final long epochNanos;
    private final int pageBytes;
    private final int pageShift;
    private final List<String> inbound;
    private final List<String> outbound;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment meta;
    private final MemorySegment index;
    private final MemorySegment log;
    private final MemorySegment image;
    private final long[] stamps;

    /**
     * The store of a sandbox booted from {@code image}, checkpointing every {@code epochNanos}, whose channel
     * positions are those of {@code inbound} and {@code outbound} (channel names, in the order the checkpointer
     * records them). Its image starts as the pristine one: epoch 0, every position 0.
     */
    public CheckpointStore(KernelImage image, long epochNanos, List<String> inbound, List<String> outbound) {
        if (epochNanos <= 0) {
            throw new IllegalArgumentException(image.sandboxName() + ": epoch must be positive, not " + epochNanos + " ns");
        }
        this.sandbox = image.sandboxName();
        this.epochNanos = epochNanos;
        this.pageBytes = image.pageBytes();
        this.pageShift = Integer.numberOfTrailingZeros(pageBytes);
        this.inbound = List.copyOf(inbound);
        this.outbound = List.copyOf(outbound);
        int pages = (int) (image.partitionBytes() >>> pageShift);
        int positions = this.inbound.size() + this.outbound.size();
        this.meta = arena.allocate(POSITIONS_AT + 2L * positions * Long.BYTES, 64);
        this.index = arena.allocate((long) pages * Integer.BYTES, 64);
        this.log = arena.allocate((long) pages * pageBytes, pageBytes);
        this.image = arena.allocate(image.partitionBytes(), pageBytes);
        this.stamps = new long[pages];
        image.copyInto(this.image);
    }

    public String sandbox() {
        return sandbox;
    }

    public long epochNanos() {
        return epochNanos;
    }

    int pageBytes() {
        return pageBytes;
    }

    /** The inbound channels whose consumed positions a checkpoint records, in order. */
    public List<String> inbound() {
        return inbound;
    }

    /** The outbound channels whose written positions a checkpoint records, in order. */
    public List<String> outbound() {
        return outbound;
    }

    /** The last epoch that committed (0: none since power-on; the pristine image). Acquire. */
    public long committedEpoch() {
        return (long) LONGS.getAcquire(meta, (long) COMMITTED_AT);
    }

    /** The epoch the image holds. Acquire. */
    public long appliedEpoch() {
        return (long) LONGS.getAcquire(meta, (long) APPLIED_AT);
    }

    // ---- the checkpointer's side: inside its incarnation's lease ------------------------------------------------

    /**
     * Writes epoch {@code epoch}'s log: every page {@code pages} names, copied from {@code partition}, then the
     * positions, then the commit point. The last epoch must have been applied.
     */
    void commit(long epoch, Partition partition, PageList pages, long[] positions) {
        MemorySegment from = partition.contents();
        int n = 0;
        for (int i = 0; i < pages.size(); i++) {
            int page = pages.get(i);
            index.setAtIndex(ValueLayout.JAVA_INT, n, page);
            MemorySegment.copy(from, (long) page << pageShift, log, (long) n << pageShift, pageBytes);
            n++;
        }
        meta.set(ValueLayout.JAVA_LONG, LOG_PAGES_AT, n);
        for (int i = 0; i < positions.length; i++) {
            meta.set(ValueLayout.JAVA_LONG, POSITIONS_AT + (long) i * Long.BYTES, positions[i]);
        }
        LONGS.setRelease(meta, (long) COMMITTED_AT, epoch);
    }

    /** Applies the committed log to the image: its pages, its positions, then the applied epoch. */
    void apply() {
        long epoch = committedEpoch();
        if (epoch == appliedEpoch()) {
            return;
        }
        long sequence = (long) LONGS.get(meta, (long) APPLY_SEQUENCE_AT);
        LONGS.setVolatile(meta, (long) APPLY_SEQUENCE_AT, sequence + 1); // odd: an apply is under way (a seqlock)
        int n = (int) meta.get(ValueLayout.JAVA_LONG, LOG_PAGES_AT);
        for (int i = 0; i < n; i++) {
            int page = index.getAtIndex(ValueLayout.JAVA_INT, i);
            MemorySegment.copy(log, (long) i << pageShift, image, (long) page << pageShift, pageBytes);
            stamps[page] = epoch;
        }
        int positions = inbound.size() + outbound.size();
        MemorySegment.copy(meta, POSITIONS_AT, meta, POSITIONS_AT + (long) positions * Long.BYTES,
                (long) positions * Long.BYTES);
        LONGS.setRelease(meta, (long) APPLIED_AT, epoch);
        LONGS.setRelease(meta, (long) APPLY_SEQUENCE_AT, sequence + 2);
    }

    // ---- a standby's side: reading the image while the writer may apply to it -------------------------------------

    /**
     * The apply sequence (acquire): even while no apply runs, odd during one; it moves by two per apply. A reader of
     * the image reads it before ({@code applySequence}) and after ({@link #applySequenceAgain}) what it copies, and
     * counts its copy only if the two match and are even.
     */
    public long applySequence() {
        return (long) LONGS.getAcquire(meta, (long) APPLY_SEQUENCE_AT);
    }

    /** The apply sequence again, after the reads it guards (a load fence orders them before this load). */
    public long applySequenceAgain() {
        VarHandle.acquireFence();
        return (long) LONGS.getAcquire(meta, (long) APPLY_SEQUENCE_AT);
    }

    /** Copies image page {@code page} into {@code partition} at the same place (a standby's catch-up). */
    public void copyPage(int page, Partition partition) {
        partition.load(image.asSlice((long) page << pageShift, pageBytes), (long) page << pageShift);
    }

    // ---- the monitor's side: after revoking the writer's lease ---------------------------------------------------

    /** Completes an epoch that committed but was not applied (the writer failed between the two steps). */
    public void recover() {
        apply();
    }

    /** The consumed position of inbound channel {@code i} (of {@link #inbound()}) in the image. */
    public long consumed(int i) {
        return imagePosition(i);
    }

    /** The written position of outbound channel {@code i} (of {@link #outbound()}) in the image. */
    public long written(int i) {
        return imagePosition(inbound.size() + i);
    }

    private long imagePosition(int i) {
        int positions = inbound.size() + outbound.size();
        return meta.get(ValueLayout.JAVA_LONG, POSITIONS_AT + (long) (positions + i) * Long.BYTES);
    }

    /**
     * Copies the image into {@code partition}, a fresh mapping of a zeroed backing: only the pages that differ from
     * zero (the kernel's first page, and every page a checkpoint ever changed), so a restore costs what the sandbox
     * wrote, not its size. Returns the pages copied.
     */
    public int restoreInto(Partition partition) {
        int copied = 0;
        for (int page = 0; page < stamps.length; page++) {
            if (page == 0 || stamps[page] != 0) {
                partition.load(image.asSlice((long) page << pageShift, pageBytes), (long) page << pageShift);
                copied++;
            }
        }
        return copied;
    }

    /**
     * Calls {@code action} with every page the image changed after epoch {@code since} (a standby's catch-up; page 0,
     * the kernel's, counts as changed at epoch 0 too, when {@code since} is negative).
     */
    public void pagesChangedAfter(long since, LongConsumer action) {
        for (int page = 0; page < stamps.length; page++) {
            if (stamps[page] > Math.max(since, 0) || (page == 0 && since < 0)) {
                action.accept(page);
            }
        }
    }

    /** Frees the area (the chip is closing; no incarnation writes it any more). */
    public void free() {
        arena.close();
    }

    /** A reusable list of page numbers: the dirty pages of one epoch, collected without allocating. */
    static final class PageList {
        private final int[] pages;
        private int size;

        PageList(int capacity) {
            this.pages = new int[capacity];
        }

        void clear() {
            size = 0;
        }

        void add(long page) {
            pages[size++] = (int) page;
        }

        int size() {
            return size;
        }

        int get(int i) {
            return pages[i];
        }
    }
}
