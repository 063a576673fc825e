package dev.bulwark.apps.wordcount;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The driver's side of collecting the reducers' totals for one job: each reducer sends its totals as
 * RESULT messages numbered 0, 1, ... and then a RESULT_END that says how many there were. RESULTs are known
 * by their sender's sandbox id (a channel keeps one sender's messages in order); the END names the reducer.
 * Totals are added, so a word that reached two reducers (it cannot, unless mappers disagree on the
 * reducers) would still count right.
 *
 * <p>Not thread-safe: the driver's handlers.
 */
public final class ResultCollector {
    private final List<String> reducers;
    private final Map<Integer, Integer> received = new HashMap<>();
    private final boolean[] ended;
    private final WordTable totals = new WordTable(4096);
    private int endedCount;

    public ResultCollector(List<String> reducers) {
        this.reducers = List.copyOf(reducers);
        this.ended = new boolean[reducers.size()];
    }

    /**
     * Takes RESULT number {@code seq} from sandbox {@code sender}. Returns null, or what went wrong (a gap:
     * the totals would be incomplete).
     */
    public String result(int sender, int seq, byte[] payload) {
        int expected = received.getOrDefault(sender, 0);
        if (seq != expected) {
            return "result message %d arrived from sandbox #%d where %d was next: totals would be incomplete"
                    .formatted(seq, sender, expected);
        }
        received.put(sender, expected + 1);
        WcProtocol.forEachEntry(payload, WcProtocol.RESULT_HEADER,
                (bytes, offset, length, count) -> totals.add(bytes, offset, length, count));
        return null;
    }

    /** Takes {@code reducer}'s RESULT_END. Returns null, or what went wrong. */
    public String end(int sender, int messages, String reducer) {
        int r = reducers.indexOf(reducer);
        if (r < 0) {
            return "totals came from '%s', which is not one of the driver's reducers %s".formatted(reducer, reducers);
        }
        int got = received.getOrDefault(sender, 0);
        if (got != messages) {
            return "%s sent %d result messages but %d arrived".formatted(reducer, messages, got);
        }
        if (!ended[r]) {
            ended[r] = true;
            endedCount++;
        }
        return null;
    }

    public boolean done() {
        return endedCount == reducers.size();
    }

    /** The reducers whose totals have not all arrived. */
    public List<String> waitingFor() {
        return reducers.stream().filter(r -> !ended[reducers.indexOf(r)]).toList();
    }

    /** The totals so far (all of them once {@link #done()}). */
    public WordTable totals() {
        return totals;
    }
}
