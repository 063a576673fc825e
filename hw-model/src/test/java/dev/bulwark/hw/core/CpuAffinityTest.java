package dev.bulwark.hw.core;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuAffinityTest {
    @Test
    void aThreadPinnedToAnAllowedCpuRunsOnlyThere() throws Exception {
        List<Integer> allowed = CpuAffinity.allowedCpus();
        assertFalse(allowed.isEmpty());
        if (!CpuAffinity.isSupported()) {
            assertFalse(CpuAffinity.unsupportedReason().isEmpty());
            return;
        }
        int cpu = allowed.getLast();
        AtomicReference<CpuAffinity.Result> result = new AtomicReference<>();
        AtomicReference<List<Integer>> after = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            result.set(CpuAffinity.pinCurrentThread(cpu));
            after.set(CpuAffinity.allowedCpus());
        });
        t.join();
        assertTrue(result.get().pinned(), result.get().why());
        assertEquals(List.of(cpu), after.get(), "the pinned thread's own affinity is the one CPU");
        assertEquals(allowed, CpuAffinity.allowedCpus(), "other threads keep theirs");
    }

    @Test
    void aCpuThatCannotBeHadIsReportedNotThrown() throws Exception {
        AtomicReference<CpuAffinity.Result> result = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> result.set(CpuAffinity.pinCurrentThread(1023)));
        t.join();
        if (CpuAffinity.allowedCpus().contains(1023)) {
            return; // a very large host: nothing to refuse
        }
        assertFalse(result.get().pinned());
        assertEquals(1023, result.get().cpu());
        assertTrue(result.get().why().contains(CpuAffinity.isSupported() ? "not in this process's allowed set"
                : CpuAffinity.unsupportedReason()), result.get().why());
        assertFalse(CpuAffinity.pinCurrentThread(-1).pinned());
    }
}
