package dev.bulwark.apps;

import dev.bulwark.sandbox.app.AppCheck;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
}
