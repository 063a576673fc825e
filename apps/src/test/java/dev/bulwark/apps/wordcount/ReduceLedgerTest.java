package dev.bulwark.apps.wordcount;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.bulwark.apps.wordcount.ReduceLedger.Outcome.ALREADY_APPLIED;
import static dev.bulwark.apps.wordcount.ReduceLedger.Outcome.APPLIED;
import static dev.bulwark.apps.wordcount.ReduceLedger.Outcome.INCOMPLETE;
import static dev.bulwark.apps.wordcount.ReduceLedger.Outcome.STALE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReduceLedgerTest {
    /** A COUNTS payload: header space, then the entries "word:count". */
    private static byte[] counts(String... entries) {
        WordTable t = new WordTable();
        for (String e : entries) {
            String[] wc = e.split(":");
            byte[] w = wc[0].getBytes(StandardCharsets.US_ASCII);
            t.add(w, 0, w.length, Long.parseLong(wc[1]));
        }
        EntryPacker p = new EntryPacker(WcProtocol.COUNTS_HEADER, 2048);
        for (int i = 0; i < t.size(); i++) {
            p.add(t, i);
        }
        List<byte[]> out = p.take();
        assertEquals(1, out.size());
        return out.getFirst();
    }

    @Test
    void countsReachTheTotalsOnlyAtTheirEnd() {
        ReduceLedger l = new ReduceLedger();
        l.counts(0, 1, 0, counts("a:2", "b:1"));
        l.counts(0, 1, 1, counts("c:5"));
        assertEquals(0, l.totals().size());
        assertEquals(APPLIED, l.end(0, 1, 2));
        assertEquals(2, l.totals().count("a"));
        assertEquals(5, l.totals().count("c"));
        assertEquals(8, l.words());
        assertTrue(l.isApplied(0));
    }

    @Test
    void aSplitIssuedAgainIsAppliedOnceWhicheverAttemptFinishesFirst() {
        ReduceLedger l = new ReduceLedger();
        l.counts(3, 1, 0, counts("a:2"));
        assertEquals(APPLIED, l.end(3, 1, 1));
        // attempt 2 of the same split (the driver thought its mapper had died): ignored, but acknowledged again
        l.counts(3, 2, 0, counts("a:2"));
        assertEquals(ALREADY_APPLIED, l.end(3, 2, 1));
        assertEquals(2, l.totals().count("a"));
        assertEquals(1, l.applied());
    }

    @Test
    void aNewerAttemptDropsThePartialBufferOfAnOlderOne() {
        ReduceLedger l = new ReduceLedger();
        l.counts(1, 1, 0, counts("a:2")); // attempt 1's mapper dies after this
        l.counts(1, 2, 0, counts("a:2"));
        l.counts(1, 2, 1, counts("b:1"));
        assertEquals(APPLIED, l.end(1, 2, 2));
        assertEquals(2, l.totals().count("a"), "attempt 1's partial counts were dropped, not added");
        assertEquals(1, l.totals().count("b"));
    }

    @Test
    void anOlderAttemptsLateCountsNeverMixIntoANewerAttemptsBuffer() {
        ReduceLedger l = new ReduceLedger();
        l.counts(1, 1, 0, counts("a:2")); // the slow first mapper ...
        l.counts(1, 2, 0, counts("a:2")); // ... and the one the split was issued to again, interleaved
        l.counts(1, 1, 1, counts("b:1"));
        l.counts(1, 2, 1, counts("b:1"));
        assertEquals(STALE, l.end(1, 1, 2));
        assertEquals(APPLIED, l.end(1, 2, 2));
        assertEquals(2, l.totals().count("a"));
        assertEquals(1, l.totals().count("b"));
    }

    @Test
    void anOlderAttemptArrivingLateIsStale() {
        ReduceLedger l = new ReduceLedger();
        l.counts(1, 2, 0, counts("a:2"));
        l.counts(1, 1, 0, counts("a:2")); // the slow first mapper, interleaved
        assertEquals(STALE, l.end(1, 1, 1));
        assertFalse(l.isApplied(1));
        assertEquals(APPLIED, l.end(1, 2, 1));
        assertEquals(2, l.totals().count("a"));
    }

    @Test
    void aRunOfTheSameAttemptFromItsStartReplacesTheFirst() {
        ReduceLedger l = new ReduceLedger();
        l.counts(0, 1, 0, counts("a:1"));
        l.counts(0, 1, 1, counts("b:1")); // the mapper restarted and read the attempt's first chunk again
        l.counts(0, 1, 0, counts("a:1"));
        l.counts(0, 1, 1, counts("b:1"));
        assertEquals(APPLIED, l.end(0, 1, 2));
        assertEquals(1, l.totals().count("a"));
        assertEquals(1, l.totals().count("b"));
    }

    @Test
    void aGapOrAMissingStartMakesTheRunIncomplete() {
        ReduceLedger l = new ReduceLedger();
        l.counts(0, 1, 1, counts("b:1")); // its seq 0 was lost
        assertEquals(INCOMPLETE, l.end(0, 1, 2));
        l.counts(2, 1, 0, counts("a:1"));
        l.counts(2, 1, 2, counts("c:1")); // seq 1 missing
        assertEquals(INCOMPLETE, l.end(2, 1, 3));
        assertEquals(0, l.totals().size());
        assertEquals(0, l.buffered());
        // the next attempt still gets in
        l.counts(2, 2, 0, counts("a:1"));
        assertEquals(APPLIED, l.end(2, 2, 1));
    }

    @Test
    void anEndThatAnnouncesMoreCountsThanArrivedAppliesNothing() {
        ReduceLedger l = new ReduceLedger();
        l.counts(0, 1, 0, counts("a:1"));
        assertEquals(INCOMPLETE, l.end(0, 1, 2));
        assertFalse(l.isApplied(0));
        assertEquals(0, l.totals().size());
    }

    @Test
    void aSplitWithNoWordsForThisReducerIsAppliedByItsEndAlone() {
        ReduceLedger l = new ReduceLedger();
        assertEquals(APPLIED, l.end(4, 1, 0));
        assertTrue(l.isApplied(4));
        assertEquals(ALREADY_APPLIED, l.end(4, 2, 0));
    }

    @Test
    void payloadHeadersAreNotReadAsEntries() {
        byte[] p = counts("word:7");
        ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 99).putInt(8, 1).putInt(12, 1).putInt(16, 0);
        ReduceLedger l = new ReduceLedger();
        l.counts(1, 1, 0, p);
        l.end(1, 1, 1);
        assertEquals(1, l.totals().size());
        assertEquals(7, l.totals().count("word"));
    }
}
