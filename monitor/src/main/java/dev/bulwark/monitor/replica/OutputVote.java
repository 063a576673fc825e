package dev.bulwark.monitor.replica;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The output comparator of one redundant sandbox: it matches the k-th output of every voting copy and decides
 * output k once each has made it. All equal: {@link Decision.Agreed} (the one copy that leaves). With three or
 * more voters, a strict majority wins and the copies outside it are {@link Decision.Agreed#outvoted()}: they stop
 * voting at once. Otherwise (two voters that differ, or no majority) {@link Decision.Diverged}: no copy can be
 * trusted, and nothing more is decided until {@link #reset()}.
 *
 * <p>Each copy has a queue of its undecided outputs; {@code base} is the number of the first. Every copy makes its
 * generation's outputs from number 0. A copy that joins late ({@link #join}: rebuilt by replaying the input log
 * while the others serve) is <em>catching up</em>: it makes again outputs already decided, which are dropped, and
 * votes from its first output not yet decided on, never holding a decision up while it replays; a copy that failed
 * {@link #leave leaves}, and the others decide without it (one voter alone agrees with itself: a duplex sandbox
 * with one copy down runs on the survivor).
 *
 * <p>Not thread-safe: the replicator's thread only. No threads, no clocks: unit-tested on its own.
 */
public final class OutputVote {
    /** What was decided about output {@code index}. */
    public sealed interface Decision {
        long index();

        /** Output {@code index} is {@code output}; the copies in {@code outvoted} made something else. */
        record Agreed(long index, Output output, List<Integer> outvoted) implements Decision {
            public Agreed {
                outvoted = List.copyOf(outvoted);
            }
        }

        /** The voters' outputs {@code index} differ with no majority: copy number to what it made. */
        record Diverged(long index, Map<Integer, Output> outputs) implements Decision {
            public Diverged {
                outputs = Map.copyOf(outputs);
            }
        }
    }

    private final ArrayDeque<Output>[] pending;
    private final long[] base;
    private final boolean[] voting;
    private final boolean[] catchingUp;
    private long decided;
    private boolean diverged;

    @SuppressWarnings("unchecked")
    public OutputVote(int copies) {
        pending = new ArrayDeque[copies];
        base = new long[copies];
        voting = new boolean[copies];
        catchingUp = new boolean[copies];
        for (int i = 0; i < copies; i++) {
            pending[i] = new ArrayDeque<>();
        }
    }

    /**
     * Copy {@code copy} votes from its output number 0 on; its outputs already decided are dropped as it makes them
     * again, and it votes from the first one that is not (0 in a fresh generation).
     */
    public void join(int copy) {
        pending[copy].clear();
        base[copy] = 0;
        voting[copy] = true;
        catchingUp[copy] = decided > 0; // with nothing decided yet it votes from output 0 at once
    }

    /** Copy {@code copy} stops voting; its undecided outputs are dropped. */
    public void leave(int copy) {
        voting[copy] = false;
        pending[copy].clear();
    }

    public boolean isVoting(int copy) {
        return voting[copy];
    }

    /** Adds the next output of {@code copy} (ignored if it does not vote). */
    public void add(int copy, Output output) {
        if (!voting[copy]) {
            return;
        }
        if (catchingUp[copy]) {
            if (base[copy] < decided) {
                base[copy]++; // decided before it made it again
                return;
            }
            catchingUp[copy] = false;
        }
        pending[copy].addLast(output);
    }

    /** Whether {@code copy} is replaying outputs already decided, and so not voting yet. */
    public boolean isCatchingUp(int copy) {
        return voting[copy] && catchingUp[copy];
    }

    /** How many outputs {@code copy} has made, counted from 0 in its generation. */
    public long produced(int copy) {
        return base[copy] + pending[copy].size();
    }

    /** The number of the next output to decide. */
    public long decided() {
        return decided;
    }

    /** Whether a divergence was decided: nothing more is, until {@link #reset()}. */
    public boolean diverged() {
        return diverged;
    }

    /** Forgets everything: a new generation of copies, none voting until it joins. */
    public void reset() {
        for (int i = 0; i < pending.length; i++) {
            leave(i);
            base[i] = 0;
        }
        decided = 0;
        diverged = false;
    }

    /** Decides the next output if every voter has made it; null if some voter has not yet (or none votes). */
    public Decision next() {
        if (diverged) {
            return null;
        }
        long index = decided;
        List<Integer> voters = new ArrayList<>(pending.length);
        for (int i = 0; i < pending.length; i++) {
            if (voting[i] && !catchingUp[i] && base[i] <= index) {
                if (base[i] + pending[i].size() <= index) {
                    return null; // a voter has not made it yet
                }
                voters.add(i);
            }
        }
        if (voters.isEmpty()) {
            return null;
        }
        Map<Output, List<Integer>> byOutput = new LinkedHashMap<>();
        for (int copy : voters) {
            byOutput.computeIfAbsent(pending[copy].peekFirst(), o -> new ArrayList<>()).add(copy);
        }
        Output winner = null;
        for (var e : byOutput.entrySet()) {
            if (2 * e.getValue().size() > voters.size()) {
                winner = e.getKey();
            }
        }
        boolean unanimous = byOutput.size() == 1;
        if (!unanimous && (voters.size() < 3 || winner == null)) {
            diverged = true;
            Map<Integer, Output> outputs = new LinkedHashMap<>();
            voters.forEach(c -> outputs.put(c, pending[c].peekFirst()));
            return new Decision.Diverged(index, outputs);
        }
        List<Integer> outvoted = new ArrayList<>();
        for (int copy : voters) {
            if (pending[copy].peekFirst().equals(winner)) {
                pending[copy].pollFirst();
                base[copy]++;
            } else {
                outvoted.add(copy);
                leave(copy);
            }
        }
        decided++;
        return new Decision.Agreed(index, winner, outvoted);
    }
}
