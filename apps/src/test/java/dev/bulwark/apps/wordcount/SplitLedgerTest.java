package dev.bulwark.apps.wordcount;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SplitLedgerTest {
    private static final long TIMEOUT = 1_000;

    private static SplitLedger ledger(int mappers, int perMapper, int maxAttempts) {
        List<String> names = java.util.stream.IntStream.range(0, mappers).mapToObj(i -> "m" + i).toList();
        return new SplitLedger(names, List.of("r0", "r1"), perMapper, TIMEOUT, maxAttempts);
    }

    @Test
    void aMapperHoldsAtMostItsShareAndASplitIsDoneWhenEveryReducerAcked() {
        SplitLedger l = ledger(2, 1, 8);
        for (int i = 0; i < 3; i++) {
            l.add(new byte[]{(byte) i});
        }
        SplitLedger.Assignment a = l.assign(0);
        SplitLedger.Assignment b = l.assign(0);
        assertNull(l.assign(0), "both mappers are full");
        assertEquals(List.of(0, 1), List.of(a.split(), b.split()));
        assertEquals(1, a.attempt());
        assertTrue(a.mapper() != b.mapper());
        assertFalse(l.ack(0, 0));
        assertFalse(l.ack(0, 0), "a second ack from the same reducer changes nothing");
        assertTrue(l.ack(0, 1));
        assertFalse(l.isCurrent(a), "a done split is not worth streaming");
        assertEquals(1, l.done());
        SplitLedger.Assignment c = l.assign(0);
        assertEquals(2, c.split());
        assertEquals(a.mapper(), c.mapper(), "the mapper that finished has room again");
    }

    @Test
    void aRestartedMappersUnfinishedSplitsAreIssuedAgainFirstAsNewAttempts() {
        SplitLedger l = ledger(2, 2, 8);
        for (int i = 0; i < 5; i++) {
            l.add(new byte[]{(byte) i});
        }
        SplitLedger.Assignment[] issued = new SplitLedger.Assignment[4];
        for (int i = 0; i < 4; i++) {
            issued[i] = l.assign(0);
        }
        int victim = issued[0].mapper();
        l.ack(issued[0].split(), 0);
        l.ack(issued[0].split(), 1); // done before the restart: not issued again
        List<Integer> again = l.mapperRestarted(victim);
        List<Integer> expected = java.util.Arrays.stream(issued).skip(1).filter(a -> a.mapper() == victim)
                .map(SplitLedger.Assignment::split).toList();
        assertEquals(expected, again);
        for (SplitLedger.Assignment a : issued) {
            if (again.contains(a.split())) {
                assertFalse(l.isCurrent(a), "the old attempt is no longer wanted");
            }
        }
        SplitLedger.Assignment first = l.assign(5);
        assertEquals(again.getFirst(), first.split(), "issued again before the split that never went out");
        assertEquals(2, first.attempt());
        assertEquals(1, l.reissued());
    }

    @Test
    void aSplitWithoutProgressTimesOutAndItsMapperIsAvoided() {
        SplitLedger l = ledger(2, 1, 8);
        l.add(new byte[]{1});
        l.add(new byte[]{2});
        SplitLedger.Assignment a = l.assign(0);
        SplitLedger.Assignment b = l.assign(0);
        l.progress(b, 900);
        assertEquals(List.of(), l.timedOut(TIMEOUT));
        assertEquals(List.of(a.split()), l.timedOut(TIMEOUT + 1), "b made progress at 900");
        assertTrue(l.isSuspect(a.mapper()));
        l.ack(b.split(), 0);
        l.ack(b.split(), 1);
        SplitLedger.Assignment again = l.assign(TIMEOUT + 2);
        assertEquals(a.split(), again.split());
        assertEquals(b.mapper(), again.mapper(), "not the suspect mapper");
        assertEquals(2, again.attempt());
    }

    @Test
    void whenEveryMapperIsSuspectTheyAreUsedAnyway() {
        SplitLedger l = ledger(1, 1, 8);
        l.add(new byte[]{1});
        l.assign(0);
        l.timedOut(TIMEOUT + 1);
        assertNotNull(l.assign(TIMEOUT + 2));
    }

    @Test
    void lateAcksOfAnAttemptThatTimedOutStillFinishTheSplit() {
        SplitLedger l = ledger(1, 1, 8);
        l.add(new byte[]{1});
        SplitLedger.Assignment a = l.assign(0);
        l.timedOut(TIMEOUT + 1);
        assertEquals(1, l.ready());
        l.ack(a.split(), 0);
        assertTrue(l.ack(a.split(), 1));
        assertEquals(0, l.ready(), "a done split leaves the ready queue");
        assertEquals(0, l.unfinished());
    }

    @Test
    void aSplitIssuedTooOftenFailsTheJobNamingWhoAcked() {
        SplitLedger l = ledger(1, 1, 2);
        l.add(new byte[10]);
        SplitLedger.Assignment a = l.assign(0);
        l.ack(a.split(), 0);
        l.timedOut(TIMEOUT + 1);
        l.assign(TIMEOUT + 1);
        l.timedOut(3 * TIMEOUT);
        assertNull(l.assign(3 * TIMEOUT));
        assertEquals("split 0 (10 bytes at byte 0) was issued 2 times and never finished: acknowledged by r0 only",
                l.failure());
    }
}
