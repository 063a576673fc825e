package dev.bulwark.apps.wordcount;

import dev.bulwark.apps.AppPage;
import dev.bulwark.sandbox.app.AppMemoryCheck;
import dev.bulwark.sandbox.app.AppMemoryCorruptedException;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The word count's memory checks: the driver's and the reducers' sealed words pass pristine and after a real
 * job, every flipped bit of them is found, and a start on corrupt words throws; the mapper declares none.
 */
class WcMemoryCheckTest {
    private static final AppMemoryCheck DRIVER = WcDriver.DESCRIPTOR.memoryCheck();
    private static final AppMemoryCheck REDUCER = WcReducer.DESCRIPTOR.memoryCheck();

    /** A job on the chip of {@link WordCountJobTest}, run until {@code done} splits are done (or the end). */
    private static FakeChip jobUnderWay(long seed, int done) {
        FakeChip chip = WordCountJobTest.chip(seed, text(seed));
        chip.runUntil(() -> chip.finished() || WcDriver.splitsDone(chip.view("driver")) >= done, 5_000_000);
        return chip;
    }

    private static byte[] text(long seed) {
        return new TextGenerator(seed).generate(200_000);
    }

    @Test
    void pristineMemoryIsIntact() {
        AppPage page = new AppPage();
        assertEquals(Optional.empty(), DRIVER.problem(page.view()));
        assertEquals(Optional.empty(), REDUCER.problem(page.view()));
    }

    @Test
    void theDriversAndReducersWordsPassAfterARealJobAndEveryFlippedBitOfThemIsFound() {
        FakeChip chip = jobUnderWay(30, Integer.MAX_VALUE);
        assertTrue(chip.success(), chip.summary());
        assertTrue(WcReducer.splits(chip.view("r0")) > 5, WcReducer.splits(chip.view("r0")) + " splits");
        for (String name : new String[]{"driver", "r0", "r1"}) {
            AppMemoryCheck check = name.equals("driver") ? DRIVER : REDUCER;
            int bytes = name.equals("driver") ? WcDriver.STATE_BYTES : WcReducer.STATE_BYTES;
            AppPage.assertEveryFlipFound(check, chip.view(name), (offset, bit) -> chip.flipBit(name, offset, bit), 0, bytes);
        }
    }

    @Test
    void aReducerStartingOnAStartCountFlippedLowerThrowsInsteadOfRepeatingAGeneration() {
        FakeChip chip = jobUnderWay(31, 3);
        assertEquals(Optional.empty(), REDUCER.problem(chip.view("r1")));
        chip.restartApp("r1"); // a second start: the count is 2
        chip.flipBit("r1", WcReducer.STARTS_AT, 1); // 2 -> 0: the next start would say generation 1 again
        assertThrows(AppMemoryCorruptedException.class, () -> chip.restartApp("r1"));
    }

    @Test
    void aDriverStartingOnAFlippedJobCountThrowsInsteadOfFailingAGoodJob() {
        FakeChip chip = jobUnderWay(32, 3);
        chip.flipBit("driver", WcDriver.JOBS_AT, 2); // 1 -> 5: past the cap
        assertThrows(AppMemoryCorruptedException.class, () -> chip.restartApp("driver"));
    }

    @Test
    void aReducerMicrorebootedOnItsKeptMemoryAnnouncesItsRestartAndTheCountIsExact() {
        FakeChip chip = jobUnderWay(33, 4);
        assertEquals(Optional.empty(), REDUCER.problem(chip.view("r0")));
        chip.microreboot("r0"); // its totals were on the heap: gone, and its HELLO says so
        assertTrue(chip.runUntil(chip::finished, 5_000_000));
        WordCountJobTest.assertExact(chip, text(33));
        assertEquals(2, WcDriver.jobs(chip.view("driver")), "the driver ran the job again");
    }

    @Test
    void theMapperKeepsNothingAResultIsMadeOfAndDeclaresNoCheck() {
        assertFalse(WcMapper.DESCRIPTOR.memoryCheck().declared());
    }
}
