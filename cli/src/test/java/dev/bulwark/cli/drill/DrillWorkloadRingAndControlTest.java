package dev.bulwark.cli.drill;

import dev.bulwark.drill.workload.ControlWorkload;
import dev.bulwark.drill.workload.TokenRingWorkload;
import dev.bulwark.drill.workload.Workload;
import dev.bulwark.drill.workload.Workloads;
import dev.bulwark.hw.fault.Fault;
import dev.bulwark.monitor.Monitor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static dev.bulwark.cli.drill.DrillChips.PATIENCE;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The token ring's and the control loop's checkers on {@code examples/control.yaml} (the loop and a ring of three
 * bystanders), found by {@link Workloads#standard()}: a quiet chip has successes and no violations; a ring member
 * that panics and is restarted from its pristine image (after a 50 ms backoff, so the gap is certain) interrupts the ring (a gap) and nothing goes red, the loop
 * beside it included.
 */
class DrillWorkloadRingAndControlTest {
    private Monitor monitor;
    private List<Workload> workloads;
    private ControlWorkload control;
    private TokenRingWorkload ring;

    @BeforeEach
    void boot() throws Exception {
        String yaml = Files.readString(Path.of("..", "examples", "control.yaml"));
        String ring1 = "params: {next: ring-2}\n    recovery: {maxRestarts: 100, within: 10s}";
        assertTrue(yaml.contains(ring1), "the example's ring-1");
        monitor = DrillChips.boot(yaml.replace(ring1, "params: {next: ring-2}\n    recovery: {maxRestarts: 100, within: 10s, "
                + "backoff: 50ms..1s}") + "\ndetection: {heartbeatTimeout: 10ms}\n");
        workloads = Workloads.standard().create(monitor);
        assertEquals(2, workloads.size(), workloads.toString());
        control = assertInstanceOf(ControlWorkload.class, workloads.get(0));
        ring = assertInstanceOf(TokenRingWorkload.class, workloads.get(1));
        assertEquals(List.of("ring-0", "ring-1", "ring-2"), ring.members(), "from the leader, in ring order");
        assertEquals(Set.of("controller", "plant"), control.sandboxes());
        workloads.forEach(w -> w.start(monitor));
    }

    @AfterEach
    void shutDown() {
        if (workloads != null) {
            workloads.forEach(Workload::close);
        }
        if (monitor != null) {
            monitor.close();
        }
    }

    /** Waits until {@code w} has succeeded at least {@code millis} after now. */
    private void awaitSuccessAfter(Workload w, long millis) {
        long at = monitor.clock().nanoTime() + millis * 1_000_000;
        await().atMost(PATIENCE).until(() -> w.firstSuccessAfter(at) >= 0);
    }

    @Test
    void aQuietChipHasSuccessesAndNoViolations() {
        long started = monitor.clock().nanoTime();
        awaitSuccessAfter(ring, 500);
        awaitSuccessAfter(control, 500);

        long now = monitor.clock().nanoTime();
        assertTrue(ring.firstSuccessAfter(started) >= started);
        assertTrue(control.longestGap(now - 300_000_000, now) < 200_000_000, "the loop turns without long pauses");
        assertEquals(List.of(), ring.violationsSince(0));
        assertEquals(List.of(), control.violationsSince(0));
    }

    @Test
    void aPanickingRingMemberInterruptsTheRingButNothingGoesRed() {
        awaitSuccessAfter(ring, 100);
        long injected = monitor.clock().nanoTime();
        monitor.injector().inject(monitor.sandbox("ring-1"), new Fault.KernelPanic(Fault.Site.KERNEL));
        long serving = DrillChips.awaitServing(monitor, "ring-1", 2);
        await().atMost(PATIENCE).until(() -> ring.firstSuccessAfter(serving) >= 0);
        awaitSuccessAfter(control, 300);

        long gap = ring.longestGap(injected, monitor.clock().nanoTime());
        assertTrue(gap >= 50_000_000, "the ring paused for ring-1's 50 ms backoff at least: " + gap + " ns");
        assertEquals(List.of(), ring.violationsSince(0));
        assertEquals(List.of(), control.violationsSince(0));
    }
}
