package dev.bulwark.drill;

import dev.bulwark.hw.fault.FaultKind;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExpectationTest {
    /** 97 recovered (recovery 1..97 ms), 2 state lost, 1 undetected corruption. */
    static Summary summary() {
        List<Injection> injections = new ArrayList<>();
        for (int n = 1; n <= 100; n++) {
            Outcome o = n <= 97 ? Outcome.RECOVERED : n <= 99 ? Outcome.STATE_LOST : Outcome.UNDETECTED_CORRUPTION;
            long recover = o == Outcome.UNDETECTED_CORRUPTION ? Injection.NONE : n * 1_000_000L;
            injections.add(new Injection(n, "restart", FaultKind.KERNEL_PANIC, "kv-1", "kv-1", "kernel panic", 0, n, 1, o,
                    "trap", "restart", 10_000, recover, recover, null));
        }
        return Summary.of(injections);
    }

    static String check(String text) {
        return Expectation.parse(text).check(summary());
    }

    @Test
    void sharesAndCountsOfOutcomes() {
        assertNull(check("recovered>=97%"));
        String miss = check("recovered>=99%");
        assertNotNull(miss);
        assertTrue(miss.contains("97.00% (97 of 100 injections), expected >= 99%"), miss);
        assertNull(check("recovered+state-lost>=99%"));
        assertNull(check("undetected-corruption<=1"));
        assertTrue(check("undetected-corruption=0").contains("1 (1 of 100 injections), expected = 0"), check("undetected-corruption=0"));
        assertNull(check("no-verdict = 0"));
    }

    @Test
    void latencyPercentiles() {
        assertNull(check("recovery.p50<=50ms"), "nearest rank: the 50th of 99 samples (1 to 99 ms) is 50 ms");
        assertTrue(check("recovery.p50<50ms").contains("recovery p50 was 50.000 ms over 99 injections"), check("recovery.p50<50ms"));
        assertTrue(check("recovery.p99<=98ms").contains("p99 was 99.000 ms"), "the 99th of 99 is the largest");
    }

    @Test
    void latencyThresholdsMissedAndMet() {
        assertNull(check("recovery.max<=99ms"));
        assertNotNull(check("recovery.p99<5ms"));
        assertNull(check("detection.p99<=10us"));
        assertNull(check("interruption.p99 <= 1s"));
    }

    @Test
    void badTextIsRefusedNamingWhatIsWrong() {
        var e = assertThrows(IllegalArgumentException.class, () -> Expectation.parse("recoverd>=99%"));
        assertTrue(e.getMessage().contains("no outcome 'recoverd'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Expectation.parse("recovery.p99<=5 parsecs"));
        assertTrue(e.getMessage().contains("is not an expectation"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Expectation.parse("masked>=101%"));
        assertTrue(e.getMessage().contains("above 100%"), e.getMessage());
    }
}
