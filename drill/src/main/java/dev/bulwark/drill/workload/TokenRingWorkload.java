package dev.bulwark.drill.workload;

import dev.bulwark.apps.TokenRing;
import dev.bulwark.monitor.Monitor;
import dev.bulwark.monitor.Sandbox;

import java.lang.foreign.MemorySegment;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A checker of one token ring: a {@link Poller} reads every member's hop count ({@link TokenRing#hops}) and sealed
 * words from its app memory about every millisecond. A success is the token moving: some member's hop count grew
 * since the last poll within the same incarnation (a new incarnation's count is only a new baseline: a restart from
 * pristine starts it at 0, a microreboot keeps it).
 *
 * <h2>Violations, and why these bounds</h2>
 * <ul>
 *   <li><b>The ring stopped.</b> No hop for {@link #STALL_NANOS} (2 s) while every member served the whole time.
 *       The leader's watchdog ({@code TokenRing.WATCHDOG_NANOS}, 200 ms) issues a new token when a period passes
 *       with none seen, so with every member serving a lost token is replaced within two periods (400 ms) and goes
 *       round in microseconds: 2 s is five times the worst honest pause, and far beyond a host's stalls (a GC, two
 *       CPUs shared by every core thread), yet short of what a drill waits for a verdict. Any member not serving
 *       (recovering, stopped, booting) restarts the clock: a ring with a member down cannot be judged.</li>
 *   <li><b>A member's state reads back inconsistent</b> (its memory check, {@code TokenRing.DESCRIPTOR.memoryCheck()},
 *       finds the sealed words broken) at every poll for {@link #CORRUPTION_GRACE_NANOS} (1 s) within one
 *       incarnation while every member serves. A single bad read proves nothing: the poller reads the words while
 *       the member rewrites them (a torn read), so only a state broken at a thousand reads in a row is. And a
 *       member verifies its words at the next token, which comes within 400 ms while every member serves, so a
 *       broken state still there a second later is one the member did not detect: silent corruption. A failure
 *       that is detected moves the member to a new incarnation (or out of serving), which ends the suspicion.</li>
 * </ul>
 *
 * <p>Threading: the poller's thread alone reads the members and owns every field below {@code violations}; the
 * timeline and the violation log are thread-safe for the drill's queries.
 */
public final class TokenRingWorkload extends Observations {
    public static final String NAME = "token-ring";
    static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(2);
    static final long CORRUPTION_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final long GAP_FLOOR_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long NONE = Long.MIN_VALUE;

    /** What the poller knows of one member (poller thread only). */
    private static final class Member {
        final String name;
        int incarnation = -1;
        long hops;
        long brokenSince = NONE;
        boolean reported;

        Member(String name) {
            this.name = name;
        }
    }

    private final List<String> members;
    private final List<Member> state;
    private volatile Poller poller;
    private long lastMove = NONE;
    private long allServingSince = NONE;
    private boolean stallReported;

    /** @param members the ring's members (the sandboxes running {@code token-ring} that pass it one to another) */
    public TokenRingWorkload(List<String> members) {
        super(NAME, GAP_FLOOR_NANOS);
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a token ring needs a member");
        }
        this.members = List.copyOf(members);
        this.state = this.members.stream().map(Member::new).toList();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> sandboxes() {
        return new LinkedHashSet<>(members);
    }

    /** The ring's members, in the order given. */
    public List<String> members() {
        return members;
    }

    @Override
    public void start(Monitor monitor) {
        Poller p = new Poller("drill-ring-checker", monitor.clock(), now -> poll(monitor, now));
        poller = p;
        p.start();
    }

    // ---- the poller's thread -------------------------------------------------------------------------------

    private void poll(Monitor monitor, long now) {
        boolean moved = false;
        boolean allServing = true;
        for (Member m : state) {
            Sandbox s = monitor.sandbox(m.name);
            int incarnation = s.incarnation();
            boolean serving = s.isServing();
            long hops;
            Optional<String> problem;
            try {
                MemorySegment memory = s.appMemory();
                hops = TokenRing.hops(memory);
                problem = TokenRing.DESCRIPTOR.memoryCheck().problem(memory);
            } catch (RuntimeException unreadable) { // its mapping closed under the read: it is being recovered
                allServing = false;
                continue;
            }
            allServing &= serving && s.incarnation() == incarnation;
            if (incarnation != m.incarnation) {
                m.incarnation = incarnation;
                m.hops = hops;
                m.brokenSince = NONE;
                m.reported = false;
                continue;
            }
            if (hops > m.hops) {
                moved = true;
            }
            m.hops = hops;
            if (problem.isPresent() && serving) {
                if (m.brokenSince == NONE) {
                    m.brokenSince = now;
                }
            } else {
                m.brokenSince = NONE;
                m.reported = false;
            }
        }
        if (!allServing) {
            allServingSince = NONE;
        } else if (allServingSince == NONE) {
            allServingSince = now;
        }
        if (moved) {
            successes.succeeded(now);
            lastMove = now;
            stallReported = false;
        }
        if (allServingSince == NONE) {
            return;
        }
        for (Member m : state) {
            if (m.brokenSince != NONE && !m.reported && now - Math.max(m.brokenSince, allServingSince) > CORRUPTION_GRACE_NANOS) {
                m.reported = true;
                violations.record(now, m.name, m.name + "'s sealed token state has read back inconsistent for "
                        + (now - m.brokenSince) / 1_000_000 + " ms in incarnation " + m.incarnation
                        + " with no failure of it detected: silent corruption");
            }
        }
        long still = now - (lastMove == NONE ? allServingSince : Math.max(lastMove, allServingSince));
        if (still > STALL_NANOS && !stallReported) {
            stallReported = true;
            violations.record(now, null, "the token has not moved for " + still / 1_000_000 + " ms while every member of "
                    + members + " served: the ring stopped");
        }
    }

    // ---- what the drill asks -------------------------------------------------------------------------------

    @Override
    public void close() {
        Poller p = poller;
        if (p != null) {
            p.close();
        }
    }

    @Override
    public String toString() {
        return NAME + " checker of " + members;
    }
}
