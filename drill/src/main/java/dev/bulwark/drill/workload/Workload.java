package dev.bulwark.drill.workload;

import dev.bulwark.monitor.Monitor;

import java.util.List;
import java.util.Set;

/**
 * A live workload on a drill's chip, and the clients and checkers that measure it from outside: the KV store with
 * its closed-loop RESP client, the token ring, the control loop. The judge asks it three things around each
 * injection: when it next served after a moment, the longest gap between its successes over an interval (the
 * service interruption its users saw), and what its checkers found wrong.
 *
 * <p>Times are nanoseconds of the monitor's clock ({@code monitor.clock()}), the clock of its events.
 *
 * <p>Threading: {@link #start} and {@link #close} are called by the drill's thread; the query methods may be
 * called by it at any time while the workload's own threads run, so an implementation publishes what they
 * record safely (volatile, synchronized or a concurrent structure).
 */
public interface Workload extends AutoCloseable {
    /** Its name in reports: {@code kv}, {@code token-ring}, {@code control}. */
    String name();

    /**
     * The sandboxes whose service it measures. A fault in one of them interrupting this workload is the fault's
     * own effect; a checker of this workload going red when the victim is none of them is a harmed bystander.
     */
    Set<String> sandboxes();

    /** Starts its clients and checkers against {@code monitor}'s chip (booted, every sandbox serving). */
    void start(Monitor monitor);

    /** The clock time of its first success completed at or after {@code nanos}, or -1 if none yet. */
    long firstSuccessAfter(long nanos);

    /**
     * The longest time between two of its consecutive successes over {@code [from, to]}, counting a gap still
     * open at {@code to} up to {@code to}; 0 if it succeeded without pause.
     */
    long longestGap(long from, long to);

    /** How many violations its checkers have recorded so far: a cursor for {@link #violationsSince}. */
    int violations();

    /** The violations recorded since cursor {@code from} (a value {@link #violations()} returned), oldest first. */
    List<Violation> violationsSince(int from);

    /** Stops its clients and checkers; idempotent. */
    @Override
    void close();

    /**
     * What a checker found wrong at {@code nanos}: wrong data, a lost acknowledged write, a loop that fell. It
     * concerns {@code sandbox} where the checker can tell whose data it was, else null (the workload as a whole).
     */
    record Violation(long nanos, String workload, String sandbox, String what) {
    }
}
