package dev.bulwark.sandbox.kernel;

import dev.bulwark.hw.clock.NanoClock;
import dev.bulwark.hw.memory.Partition;
import dev.bulwark.hw.memory.Region;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The checkpoint area's two steps (log, then image), what a restore copies, and a standby's catch-up. */
class CheckpointStoreTest {
    private static final int PAGE = 4096;
    private final KernelImage image = KernelImage.build("k", 1, 8 * PAGE, PAGE, params -> ctx -> { }, Map.of(),
            KernelConfig.withScrubPeriod(1_000_000));
    private final CheckpointStore store = new CheckpointStore(image, 5_000_000, List.of("a->k"), List.of("k->a", "k->b"));
    private final Partition primary = fresh();

    private static Partition fresh() {
        return Partition.open(new Region("k", 0, 8 * PAGE), PAGE);
    }

    @AfterEach
    void free() {
        store.free();
        primary.revoke();
    }

    /** Writes {@code value} at the start of each of {@code pages} and commits them (step one only unless {@code apply}). */
    private void epoch(long epoch, long value, boolean apply, int... pages) {
        var list = new CheckpointStore.PageList(8);
        for (int page : pages) {
            primary.window((long) page * PAGE, PAGE).putLong(0, value);
            list.add(page);
        }
        store.commit(epoch, primary, list, new long[] {epoch * 10, epoch * 20, epoch * 30});
        if (apply) {
            store.apply();
        }
    }

    private static byte[] bytes(Partition p) {
        return p.contents().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
    }

    @Test
    void aRestoreCopiesTheKernelPageAndEveryPageACheckpointChangedAndNothingElse() {
        image.loadInto(primary);
        epoch(1, 7, true, 0, 2, 5);
        epoch(2, 9, true, 2);
        Partition restored = fresh();
        try {
            assertEquals(3, store.restoreInto(restored), "page 0, 2 and 5: the rest is still zero in both");
            assertArrayEquals(bytes(primary), bytes(restored));
            assertEquals(20, store.consumed(0));
            assertEquals(40, store.written(0));
            assertEquals(60, store.written(1));
        } finally {
            restored.revoke();
        }
    }

    @Test
    void anEpochThatCommittedButWasNotAppliedIsAppliedByRecover() {
        image.loadInto(primary);
        epoch(1, 7, true, 0, 3);
        epoch(2, 8, false, 3); // the writer failed between the commit point and the apply
        assertEquals(2, store.committedEpoch());
        assertEquals(1, store.appliedEpoch());
        assertEquals(10, store.consumed(0), "the image's positions are epoch 1's until applied");
        store.recover();
        assertEquals(2, store.appliedEpoch());
        assertEquals(20, store.consumed(0));
        Partition restored = fresh();
        try {
            store.restoreInto(restored);
            assertArrayEquals(bytes(primary), bytes(restored));
        } finally {
            restored.revoke();
        }
    }

    @Test
    void aStandbyCatchesUpToEachAppliedEpochAndLastToTheCommittedOneWhenPromoted() {
        image.loadInto(primary);
        Partition standby = fresh();
        try {
            var program = new StandbyProgram(store, standby, NanoClock.SYSTEM);
            program.doWork(); // waiting: catches up to epoch 0, the pristine image
            assertArrayEquals(bytes(primary), bytes(standby));
            epoch(1, 7, true, 0, 4);
            program.doWork(); // not yet a sync period later: nothing
            epoch(2, 9, false, 4, 6);
            store.recover(); // what the monitor does before a promotion
            var kernel = new Kernel(image, new Boot(2, standby, new dev.bulwark.hw.core.Lease("k#2"), List.of(), Map.of(),
                    new Heartbeat(0), new Hypercalls() {
                        public void serving(int incarnation) { }

                        public void appRestarted(int incarnation, Throwable cause) { }

                        public void jobFinished(int incarnation, boolean success, String summary) { }
                    }, NanoClock.SYSTEM));
            byte[] expected = bytes(primary);
            program.promote(kernel);
            program.doWork(); // the last catch-up, then the kernel's first pass (it boots on the restored memory)
            byte[] got = bytes(standby);
            java.util.Arrays.fill(got, 0, KernelData.BYTES, (byte) 0); // the kernel's page: it recorded its incarnation
            java.util.Arrays.fill(expected, 0, KernelData.BYTES, (byte) 0);
            assertArrayEquals(expected, got, "every page of epoch 2, which the waiting standby had not taken");
        } finally {
            standby.revoke();
        }
    }
}
