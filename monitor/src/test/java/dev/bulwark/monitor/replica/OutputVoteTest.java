package dev.bulwark.monitor.replica;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutputVoteTest {
    private static Output out(int b) {
        return new Output(1, new byte[]{(byte) b, 7});
    }

    private static OutputVote joined(int copies) {
        OutputVote v = new OutputVote(copies);
        for (int i = 0; i < copies; i++) {
            v.join(i);
        }
        return v;
    }

    @Test
    void anOutputIsDecidedOnceEveryVoterMadeItAndEqualOnesAgree() {
        OutputVote v = joined(2);
        v.add(0, out(1));
        assertNull(v.next(), "decided before the second copy made it");
        v.add(1, out(1));
        assertEquals(new OutputVote.Decision.Agreed(0, out(1), List.of()), v.next());
        assertNull(v.next());
        assertEquals(1, v.decided());
    }

    @Test
    void twoCopiesThatDifferDivergeAndNothingMoreIsDecided() {
        OutputVote v = joined(2);
        v.add(0, out(1));
        v.add(1, out(2));
        v.add(0, out(3));
        v.add(1, out(3));
        var d = assertInstanceOf(OutputVote.Decision.Diverged.class, v.next());
        assertEquals(Map.of(0, out(1), 1, out(2)), d.outputs());
        assertTrue(v.diverged());
        assertNull(v.next());
    }

    @Test
    void threeCopiesOutvoteTheOddOneWhichStopsVoting() {
        OutputVote v = joined(3);
        v.add(0, out(1));
        v.add(1, out(9));
        v.add(2, out(1));
        assertEquals(new OutputVote.Decision.Agreed(0, out(1), List.of(1)), v.next());
        v.add(0, out(2));
        v.add(1, out(2)); // ignored: it no longer votes
        v.add(2, out(2));
        assertEquals(new OutputVote.Decision.Agreed(1, out(2), List.of()), v.next());
        assertTrue(!v.isVoting(1));
    }

    @Test
    void threeDifferentOutputsHaveNoMajority() {
        OutputVote v = joined(3);
        v.add(0, out(1));
        v.add(1, out(2));
        v.add(2, out(3));
        assertInstanceOf(OutputVote.Decision.Diverged.class, v.next());
    }

    @Test
    void aCopyThatLeftIsNotWaitedForAndARebuiltOneCatchesUpWithoutHoldingAnyDecision() {
        OutputVote v = joined(2);
        v.add(0, out(1));
        v.leave(1);
        assertEquals(new OutputVote.Decision.Agreed(0, out(1), List.of()), v.next(), "the survivor alone decides");
        v.add(0, out(2));
        v.join(1); // rebuilt: it replays the log and makes outputs 0, 1, ... again
        assertEquals(new OutputVote.Decision.Agreed(1, out(2), List.of()), v.next(), "not held by the replaying copy");
        v.add(1, out(1));
        v.add(1, out(2));
        assertTrue(v.isCatchingUp(1));
        v.add(1, out(3)); // its first output not yet decided: it votes from here
        assertNull(v.next(), "output 2 waits for the survivor");
        v.add(0, out(3));
        assertEquals(new OutputVote.Decision.Agreed(2, out(3), List.of()), v.next());
        assertEquals(3, v.produced(1));
    }
}
