package dev.bulwark.apps;

import dev.bulwark.ipc.MessageCopy;
import dev.bulwark.sandbox.app.App;
import dev.bulwark.sandbox.app.AppCheck;
import dev.bulwark.sandbox.app.AppContext;
import dev.bulwark.sandbox.app.AppMemoryCheck;
import dev.bulwark.sandbox.app.AppMemoryCorruptedException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TokenRingTest {
    /** Members given as "name>next" or "name>next*" (a leader). */
    private static List<AppCheck.Use> ring(String... members) {
        List<AppCheck.Use> uses = new ArrayList<>();
        for (String m : members) {
            boolean leader = m.endsWith("*");
            String[] parts = m.replace("*", "").split(">");
            Map<String, String> params = new LinkedHashMap<>();
            params.put("next", parts[1]);
            if (leader) {
                params.put("leader", "true");
            }
            uses.add(new AppCheck.Use(parts[0], params));
        }
        return uses;
    }

    @Test
    void aRingWithOneLeaderIsFine() {
        assertEquals(List.of(), TokenRing.checkRings(ring("a>b*", "b>c", "c>a")));
    }

    @Test
    void aRingWithoutALeaderNeverSeesAToken() {
        assertEquals(List.of(new AppCheck.Warning("a", null,
                        "the ring a -> b -> c has no leader: no token will ever circulate (give one member leader: \"true\")")),
                TokenRing.checkRings(ring("a>b", "b>c", "c>a")));
    }

    @Test
    void aRingWithTwoLeadersIsWarnedAtTheSecond() {
        assertEquals(List.of(new AppCheck.Warning("c", "leader",
                        "the ring a -> b -> c has 2 leaders (a, c): each issues a token")),
                TokenRing.checkRings(ring("a>b*", "b>c", "c>a*")));
    }

    @Test
    void twoRingsAreCheckedEachOnTheirOwn() {
        assertEquals(List.of(new AppCheck.Warning("x", null,
                        "the ring x -> y has no leader: no token will ever circulate (give one member leader: \"true\")")),
                TokenRing.checkRings(ring("a>b*", "b>a", "x>y", "y>x")));
    }

    @Test
    void aMemberWhoseNextRunsAnotherAppDropsEveryToken() {
        assertEquals(List.of(new AppCheck.Warning("b", "next",
                        "next is 'counter', which does not run token-ring: every token leaving b falls off the ring")),
                TokenRing.checkRings(ring("a>b*", "b>counter")));
    }

    @Test
    void theFactoryRefusesWhatTheDescriptorDeclaresWrong() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TokenRing.create(Map.of("next", "b", "leader", "yes")));
        assertEquals("parameter 'leader' must be true or false, not 'yes'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TokenRing.create(Map.of()));
    }

    // ---- its memory -------------------------------------------------------------------------------------

    private static final AppMemoryCheck CHECK = TokenRing.DESCRIPTOR.memoryCheck();

    private static void token(App member, AppContext ctx, long generation, long value) {
        member.onMessage(ctx, MessageCopy.of(TokenRing.TOKEN, 1, 1, 0, 0, ByteBuffer.allocate(TokenRing.TOKEN_BYTES)
                .order(ByteOrder.LITTLE_ENDIAN).putLong(0, generation).putLong(8, value).array()));
    }

    @Test
    void aMembersMemoryIsIntactPristineAndAfterTokensPassedAndEveryFlippedBitOfItIsFound() {
        AppPage page = new AppPage();
        AppContext ctx = page.context("a");
        assertEquals(Optional.empty(), CHECK.problem(page.view()));
        App leader = TokenRing.create(Map.of("next", "b", "leader", "true"));
        leader.start(ctx); // issues a token of generation now, into a full channel: lost, as a failed member would lose it
        for (long v = 1; v <= 40; v++) {
            token(leader, ctx, page.now, v * 3);
        }
        token(leader, ctx, page.now - 1, 0); // an older generation: dropped
        assertEquals(40, TokenRing.hops(page.view()));
        page.assertEveryFlipFound(CHECK, 0, TokenRing.STATE_BYTES);
    }

    @Test
    void aMemberThatFindsItsWordsCorruptThrowsRatherThanDropOrCountWrong() {
        AppPage page = new AppPage();
        AppContext ctx = page.context("b");
        App member = TokenRing.create(Map.of("next", "c"));
        member.start(ctx);
        token(member, ctx, 7, 1);
        page.flip(TokenRing.GENERATION_AT + 7, 6); // generation 2^62 + 7: every later token would look old
        assertThrows(AppMemoryCorruptedException.class, () -> token(member, ctx, 8, 2));
        assertThrows(AppMemoryCorruptedException.class, () -> TokenRing.create(Map.of("next", "c")).start(ctx));
        assertEquals(1, TokenRing.hops(page.view()), "nothing counted on corrupt words");
    }
}
