package dev.bulwark.drill.workload;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The KV client's model of acknowledged writes and the timeline of successes, without a chip. */
class DrillWorkloadModelTest {
    private static final AckedWrites.MemoryLosses NO_LOSS = (shard, incarnation) -> false;
    private static final AckedWrites.MemoryLosses LOST = (shard, incarnation) -> true;

    @Test
    void anAcknowledgedValueReadsBackAndAnyOtherIsAWrongValue() {
        AckedWrites model = new AckedWrites();
        assertNull(model.judge("k", "kv-0", "v9", NO_LOSS), "a key never acknowledged is not judged");
        model.acknowledged("k", "v1", 1);
        assertNull(model.judge("k", "kv-0", "v1", NO_LOSS));
        String wrong = model.judge("k", "kv-0", "v7", NO_LOSS);
        assertTrue(wrong != null && wrong.contains("returned v7") && wrong.contains("wrote v1"), wrong);
    }

    @Test
    void anUncertainWriteMayReadUntilTheNextAcknowledgedOne() {
        AckedWrites model = new AckedWrites();
        model.acknowledged("k", "v1", 1);
        model.uncertain("k", "v2");
        assertNull(model.judge("k", "kv-0", "v2", NO_LOSS));
        assertNull(model.judge("k", "kv-0", "v1", NO_LOSS));
        model.acknowledged("k", "v3", 1);
        assertTrue(model.judge("k", "kv-0", "v2", NO_LOSS).contains("a wrong value"), "settled by the acknowledged v3");
    }

    @Test
    void aNilIsALostWriteUnlessTheShardLostItsMemory() {
        AckedWrites model = new AckedWrites();
        model.acknowledged("a", "v1", 1);
        model.acknowledged("b", "v2", 1);
        assertTrue(model.judge("a", "kv-0", null, NO_LOSS).contains("lost acknowledged write"));
        assertNull(model.judge("b", "kv-0", null, LOST));
        assertEquals(1, model.explainedNils());
        assertEquals(0, model.known(), "both keys forgotten");
    }

    @Test
    void theTimelineKnowsGapsAndFirstSuccesses() {
        SuccessTimeline t = new SuccessTimeline(1_000);
        assertEquals(-1, t.firstSuccessAfter(0));
        for (long at = 0; at <= 10_000; at += 100) {
            t.succeeded(at);
        }
        t.succeeded(60_000); // a 50 µs gap
        t.succeeded(60_100);
        assertEquals(10_000, t.firstSuccessAfter(9_950));
        assertEquals(60_000, t.firstSuccessAfter(10_001));
        assertEquals(50_000, t.longestGap(0, 70_000));
        assertEquals(20_000, t.longestGap(40_000, 60_050), "clipped to the window");
        assertEquals(0, t.longestGap(0, 9_000), "pauses under the floor are none");
        assertEquals(39_900, t.longestGap(60_000, 100_000), "open at the end");
        assertEquals(-1, t.firstSuccessAfter(60_101));
    }
}
