package dev.bulwark.apps;

import dev.bulwark.hw.memory.MemoryWindow;
import dev.bulwark.ipc.Claim;
import dev.bulwark.ipc.Message;
import dev.bulwark.ipc.Sender;
import dev.bulwark.sandbox.app.App;
import dev.bulwark.sandbox.app.AppCheck;
import dev.bulwark.sandbox.app.AppContext;
import dev.bulwark.sandbox.app.AppDescriptor;
import dev.bulwark.sandbox.app.AppParam;
import dev.bulwark.sandbox.app.AppParams;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A member of a token ring. A token carries a generation and a counter; each member that receives it
 * increments the counter, passes it to the {@code next} member and, if a {@code counter} service is
 * named, tells it about the hop.
 *
 * <p>The {@code leader} puts the first token on the ring and watches it: if no token came by for
 * {@link #WATCHDOG_NANOS}, the token was lost (a member failed holding it) and the leader issues a new
 * one. A token's generation is the chip-clock time it was issued at, so a new token is newer than every
 * earlier one, even after the leader restarted from its pristine image with its memory wiped. Members
 * drop tokens of an older generation than the newest they have seen, so a late old token cannot double
 * the traffic.
 *
 * <pre>
 *   app memory:  0 magic | 8 hops (tokens passed on) | 16 generation | 24 last counter value
 *                | 32 seal of the four words before it
 *   TOKEN message payload: 0 generation (long) | 8 value (long)
 * </pre>
 * The words are {@link SealedWords}, verified before each update and declared as the member's memory check, so
 * a microreboot keeps them only whole. A flipped bit there is not harmless: a generation flipped upwards would
 * make the member drop every token newer leaders issue (the ring stops for good), and the hops and value
 * would count wrong.
 */
public final class TokenRing implements App {
    public static final String NAME = "token-ring";
    public static final int TOKEN = 1;
    static final int TOKEN_BYTES = 16;
    static final long WATCHDOG_NANOS = 200_000_000L;
    private static final long WATCHDOG_TIMER = 1;

    static final long MAGIC = 0x474e4952L;
    static final int MAGIC_AT = 0;
    static final int HOPS_AT = 8;
    static final int GENERATION_AT = 16;
    static final int VALUE_AT = 24;
    static final int SEAL_AT = 32;
    /** The sealed words: the bit flips a test aims at a member's state land in {@code [0, STATE_BYTES)}. */
    public static final int STATE_BYTES = 40;

    private final String next;
    private final String counter;
    private final boolean leader;

    private MemoryWindow memory;
    private SealedWords words;
    private Sender toNext;
    private Sender toCounter;
    private boolean tokenSeen;

    private TokenRing(String next, String counter, boolean leader) {
        this.next = next;
        this.counter = counter;
        this.leader = leader;
    }

    /** The token ring member as a chip knows it. */
    public static final AppDescriptor DESCRIPTOR = AppDescriptor.of(NAME,
                    "Passes a token round a ring of sandboxes, counting hops; the leader re-issues a lost token.",
                    TokenRing::create)
            .withParams(
                    AppParam.required("next", AppParam.Kind.PEER, "the ring member the token goes to"),
                    AppParam.optional("counter", AppParam.Kind.PEER, "a counter service told of every hop"),
                    AppParam.optional("leader", AppParam.Kind.FLAG, "\"true\" on the one member that issues the token"))
            .withState(memory -> hops(memory) + " hops")
            .withCheck(TokenRing::checkRings)
            .withMemoryCheck(SealedWords.check(NAME, MAGIC, SEAL_AT));

    static App create(Map<String, String> params) {
        AppParams p = AppParams.read(DESCRIPTOR, params);
        return new TokenRing(p.text("next"), p.text("counter"), p.flag("leader"));
    }

    /**
     * Follows the {@code next} links of the members: every ring needs exactly one leader (none: no token
     * ever circulates; two: two tokens do, until the older generation is dropped), and a {@code next} that
     * leaves the ring makes every token fall off it.
     */
    static List<AppCheck.Warning> checkRings(List<AppCheck.Use> members) {
        Map<String, Map<String, String>> byName = new LinkedHashMap<>();
        members.forEach(m -> byName.put(m.sandbox(), m.params()));
        List<AppCheck.Warning> warnings = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        for (String start : byName.keySet()) {
            List<String> path = new ArrayList<>();
            String at = start;
            while (at != null && byName.containsKey(at) && !placed.contains(at) && !path.contains(at)) {
                path.add(at);
                at = byName.get(at).get("next");
            }
            placed.addAll(path);
            if (at != null && !byName.containsKey(at) && !path.isEmpty()) {
                String last = path.getLast();
                warnings.add(new AppCheck.Warning(last, "next", ("next is '%s', which does not run %s: "
                        + "every token leaving %s falls off the ring").formatted(at, NAME, last)));
            } else if (at != null && path.contains(at)) {
                List<String> ring = path.subList(path.indexOf(at), path.size());
                List<String> leaders = ring.stream().filter(m -> "true".equals(byName.get(m).get("leader"))).toList();
                if (leaders.isEmpty()) {
                    warnings.add(new AppCheck.Warning(ring.getFirst(), null, ("the ring %s has no leader: no token "
                            + "will ever circulate (give one member leader: \"true\")").formatted(String.join(" -> ", ring))));
                } else if (leaders.size() > 1) {
                    warnings.add(new AppCheck.Warning(leaders.get(1), "leader", ("the ring %s has %d leaders (%s): "
                            + "each issues a token").formatted(String.join(" -> ", ring), leaders.size(), String.join(", ", leaders))));
                }
            }
        }
        return warnings;
    }

    @Override
    public void start(AppContext ctx) {
        memory = ctx.memory();
        words = new SealedWords(memory, NAME, MAGIC, SEAL_AT);
        words.open();
        toNext = ctx.channelTo(next);
        toCounter = counter == null ? null : ctx.channelTo(counter);
        if (leader) {
            issueToken(ctx);
        }
    }

    @Override
    public void onMessage(AppContext ctx, Message m) {
        if (m.type() != TOKEN || m.length() < TOKEN_BYTES) {
            return;
        }
        words.verify();
        if (m.getLong(0) < memory.getLong(GENERATION_AT)) {
            return;
        }
        tokenSeen = true;
        long generation = m.getLong(0);
        long value = m.getLong(8) + 1;
        memory.putLong(GENERATION_AT, generation);
        memory.putLong(VALUE_AT, value);
        memory.putLong(HOPS_AT, memory.getLong(HOPS_AT) + 1);
        words.seal();
        sendToken(generation, value);
        if (toCounter != null) {
            CounterService.add(toCounter, 1);
        }
    }

    @Override
    public void onTimer(AppContext ctx, long timerId) {
        if (!tokenSeen) {
            issueToken(ctx);
        } else {
            tokenSeen = false;
            ctx.setTimer(WATCHDOG_NANOS, WATCHDOG_TIMER);
        }
    }

    private void issueToken(AppContext ctx) {
        long generation = ctx.now();
        words.verify();
        memory.putLong(GENERATION_AT, generation);
        words.seal();
        sendToken(generation, memory.getLong(VALUE_AT));
        tokenSeen = false;
        ctx.setTimer(WATCHDOG_NANOS, WATCHDOG_TIMER);
    }

    /** A token is two longs: its generation (when its leader issued it) and its value (hops so far). */
    private void sendToken(long generation, long value) {
        Claim token = toNext.claim(TOKEN);
        if (token != null) {
            token.putLong(0, generation).putLong(8, value).commit();
        }
    }

    /** The hops a member has made, read from a view of its app memory (for checkers and tests). */
    public static long hops(MemorySegment appMemory) {
        return appMemory.get(ValueLayout.JAVA_LONG_UNALIGNED, HOPS_AT);
    }
}
