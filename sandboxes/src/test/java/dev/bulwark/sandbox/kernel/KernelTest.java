package dev.bulwark.sandbox.kernel;

import dev.bulwark.hw.clock.NanoClock;
import dev.bulwark.hw.core.BackoffIdleStrategy;
import dev.bulwark.hw.core.Core;
import dev.bulwark.hw.core.Execution;
import dev.bulwark.hw.core.Trap;
import dev.bulwark.hw.fault.Fault;
import dev.bulwark.hw.fault.FaultRefusedException;
import dev.bulwark.hw.fault.MemoryArea;
import dev.bulwark.hw.memory.MemoryWindow;
import dev.bulwark.hw.memory.Partition;
import dev.bulwark.hw.memory.Region;
import dev.bulwark.ipc.Message;
import dev.bulwark.ipc.channel.Channel;
import dev.bulwark.hw.core.Lease;
import dev.bulwark.ipc.channel.OutPort;
import dev.bulwark.sandbox.app.App;
import dev.bulwark.sandbox.app.AppContext;
import dev.bulwark.sandbox.app.AppMemoryCorruptedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelTest {
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final int PAGE = 4096;
    private static final byte[] NOTHING = {};

    private final Core core = new Core(0, NanoClock.SYSTEM);
    private final ConcurrentLinkedQueue<Trap> traps = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> hypercalls = new ConcurrentLinkedQueue<>();
    private final AtomicInteger starts = new AtomicInteger();
    private final Channel inbound = Channel.allocate(0, "sender", "k", 64, 64, NanoClock.SYSTEM);
    private final OutPort sender = inbound.producer(9, 1, new Lease("sender#1"));
    private Partition partition;
    private Kernel kernel;

    /** Counts messages in its memory at offset 0 and timer firings at offset 8; type 666 makes it throw. */
    final class Counting implements App {
        private MemoryWindow memory;

        @Override
        public void start(AppContext ctx) {
            starts.incrementAndGet();
            memory = ctx.memory();
            ctx.setTimer(1_000_000, 5);
        }

        @Override
        public void onMessage(AppContext ctx, Message m) {
            if (m.type() == 666) {
                throw new IllegalStateException("app bug");
            }
            if (m.type() == 667) {
                throw new AppMemoryCorruptedException("app memory corrupt");
            }
            memory.putLong(0, memory.getLong(0) + 1);
        }

        @Override
        public void onTimer(AppContext ctx, long timerId) {
            memory.putLong(8, memory.getLong(8) + timerId);
            ctx.setTimer(1_000_000, timerId);
        }
    }

    @AfterEach
    void halt() {
        core.halt();
        if (partition != null) {
            partition.revoke();
        }
    }

    private Execution boot() {
        return boot(200_000);
    }

    private Execution boot(long scrubPeriodNanos) {
        return boot(scrubPeriodNanos, BackoffIdleStrategy.forSleepers());
    }

    private Execution boot(long scrubPeriodNanos, BackoffIdleStrategy idle) {
        KernelImage image = KernelImage.build("k", 3, 4 * PAGE, PAGE, params -> new Counting(), Map.of(),
                KernelConfig.withScrubPeriod(scrubPeriodNanos));
        partition = Partition.open(new Region("k", 0, 4 * PAGE), PAGE);
        Lease lease = new Lease("k#1");
        Hypercalls calls = new Hypercalls() {
            public void serving(int incarnation) { hypercalls.add("serving " + incarnation); }

            public void appRestarted(int incarnation, Throwable cause) { hypercalls.add("app restarted: " + cause.getMessage()); }

            public void jobFinished(int incarnation, boolean success, String summary) { hypercalls.add("finished: " + summary); }
        };
        kernel = new Kernel(image, new Boot(1, partition, lease, List.of(inbound.consumer(lease)), Map.of(),
                new Heartbeat(0), calls, NanoClock.SYSTEM));
        Execution run = core.load("k#1", kernel, idle, traps::add);
        inbound.wakes(run.doorbell()); // as the monitor does: every send rings the receiving core
        run.start();
        await().atMost(PATIENCE).until(() -> hypercalls.contains("serving 1"));
        return run;
    }

    @Test
    void aSleepingKernelIsWokenBySendsAndTakesThemAtOnce() {
        // No scrub for an hour and sleeps of a minute: a message handled within the test's patience was rung in.
        long minute = 60_000_000_000L;
        Execution run = boot(3_600_000_000_000L, new BackoffIdleStrategy(0, 0, minute, minute));
        for (int i = 1; i <= 3; i++) {
            await().atMost(PATIENCE).until(() -> run.doorbell().isAsleep());
            assertTrue(sender.send(1, NOTHING));
            long handled = i;
            await().atMost(PATIENCE).until(() -> appLong(0) == handled);
        }
    }

    @Test
    void theWholeEventLoopScrubsIncludedAllocatesNothingInSteadyState() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        Execution run = boot(1_000_000); // a scrub every millisecond, a timer every millisecond
        long[] kernelThread = new long[1];
        Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("k#1"))
                .forEach(t -> kernelThread[0] = t.threadId());
        byte[] payload = new byte[48];
        long deadline = System.nanoTime() + 1_000_000_000L; // warm up: let the JIT compile the loop
        while (System.nanoTime() < deadline) {
            sender.send(1, payload);
            Thread.onSpinWait();
        }
        long before = threads.getThreadAllocatedBytes(kernelThread[0]);
        long handledBefore = inbound.stats().handled();
        deadline = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < deadline) {
            sender.send(1, payload);
            java.util.concurrent.locks.LockSupport.parkNanos(20_000); // the kernel sleeps between some messages
        }
        long allocated = threads.getThreadAllocatedBytes(kernelThread[0]) - before;
        long handled = inbound.stats().handled() - handledBefore;
        assertTrue(handled > 1_000 && appLong(8) > 1_000, handled + " messages handled, timers " + appLong(8));
        assertTrue(allocated < 2_000, allocated + " bytes allocated by the kernel thread in 2 s (" + handled
                + " messages, about 2000 scrubs and timers)");
        assertTrue(run.isRunning());
    }

    private long appLong(long offset) {
        return partition.window(PAGE, PAGE).getLong(offset);
    }

    @Test
    void bootsFromTheImageAndRunsMessagesAndTimers() {
        boot();
        KernelData data = new KernelData(partition.window(0, KernelData.BYTES));
        assertEquals(3, data.sandboxId());
        assertEquals(1, data.incarnation());
        assertEquals(PAGE, data.appBase());
        for (int i = 0; i < 10; i++) {
            assertTrue(sender.send(1, NOTHING));
        }
        await().atMost(PATIENCE).until(() -> appLong(0) == 10 && appLong(8) >= 10);
        assertEquals(10, inbound.stats().handled());
        assertTrue(traps.isEmpty());
    }

    @Test
    void anAppThatThrowsIsRestartedByItsKernelWithItsMemoryKept() {
        boot();
        sender.send(1, NOTHING);
        sender.send(666, NOTHING);
        sender.send(1, NOTHING);
        await().atMost(PATIENCE).until(() -> appLong(0) == 2);
        assertEquals(2, starts.get());
        assertTrue(hypercalls.contains("app restarted: app bug"));
        assertEquals(1, kernel.appRestarts());
        assertTrue(traps.isEmpty(), "an app fault is not a kernel failure");
    }

    @Test
    void anAppThatFindsItsMemoryCorruptTrapsTheKernelInsteadOfBeingRestartedOnIt() {
        Execution run = boot();
        sender.send(667, NOTHING);
        await().atMost(PATIENCE).until(() -> !traps.isEmpty() && !run.isAlive());
        assertInstanceOf(AppMemoryCorruptedException.class, traps.peek().cause());
        assertEquals(1, starts.get(), "no app restart on the corrupt memory");
        assertEquals(0, kernel.appRestarts());
    }

    @Test
    void anInjectedAppPanicIsAnAppFault() {
        boot();
        kernel.inject(new Fault.KernelPanic(Fault.Site.APP));
        sender.send(1, NOTHING);
        await().atMost(PATIENCE).until(() -> starts.get() == 2);
        assertTrue(traps.isEmpty());
    }

    @Test
    void anInjectedKernelPanicTraps() {
        Execution run = boot();
        kernel.inject(new Fault.KernelPanic(Fault.Site.KERNEL));
        await().atMost(PATIENCE).until(() -> !traps.isEmpty() && !run.isAlive());
        assertInstanceOf(KernelPanicException.class, traps.peek().cause());
    }

    @Test
    void theScrubCatchesABitFlipInKernelData() {
        boot();
        kernel.inject(new Fault.BitFlip(MemoryArea.KERNEL_DATA, 17, 2));
        await().atMost(PATIENCE).until(() -> !traps.isEmpty());
        assertInstanceOf(KernelDataCorruptedException.class, traps.peek().cause());
    }

    @Test
    void aWildWriteIsStoppedAtThePartitionBoundary() {
        boot();
        kernel.inject(new Fault.WildWrite(8));
        await().atMost(PATIENCE).until(() -> !traps.isEmpty());
        assertInstanceOf(IndexOutOfBoundsException.class, traps.peek().cause());
    }

    @Test
    void anAppRestartDoesNotSealABitFlipInKernelDataIntoTheChecksum() {
        boot(60_000_000_000L); // no scrub in this test: only the restart's own verification can catch it
        kernel.inject(new Fault.BitFlip(MemoryArea.KERNEL_DATA, 17, 2));
        sender.send(666, NOTHING); // the app throws; the kernel counts the restart in its data
        await().atMost(PATIENCE).until(() -> !traps.isEmpty());
        assertInstanceOf(KernelDataCorruptedException.class, traps.peek().cause());
        assertTrue(hypercalls.stream().noneMatch(h -> h.startsWith("app restarted")), hypercalls.toString());
    }

    @Test
    void everyUpdateOfKernelDataVerifiesBeforeItReseals() {
        Partition p = Partition.open(new Region("x", 0, PAGE), PAGE);
        KernelData data = new KernelData(p.window(0, KernelData.BYTES));
        data.format(1, PAGE, PAGE);
        p.flipBit(40, 0);
        assertThrows(KernelDataCorruptedException.class, data::countAppRestart);
        assertThrows(KernelDataCorruptedException.class, () -> data.incarnation(2));
        assertThrows(KernelDataCorruptedException.class, data::verify, "nothing was resealed over the flip");
        p.revoke();
    }

    @Test
    void aSecondFaultArmedBeforeTheFirstIsTakenIsRefusedNotLost() {
        boot();
        core.halt(); // the kernel takes armed faults only at its next pass: there is none now
        kernel.inject(new Fault.Hang());
        assertThrows(FaultRefusedException.class, () -> kernel.inject(new Fault.KernelPanic(Fault.Site.KERNEL)));
        assertEquals(new Fault.Hang(), kernel.disarm(), "the first is still there to be reported");
        assertNull(kernel.disarm());
    }

    @Test
    void kernelDataDetectsCorruptionOfItsOwnRecords() {
        Partition p = Partition.open(new Region("x", 0, PAGE), PAGE);
        KernelData data = new KernelData(p.window(0, KernelData.BYTES));
        data.format(1, PAGE, PAGE);
        data.verify();
        data.countAppRestart();
        data.verify();
        p.flipBit(KernelData.SEALED_BYTES - 1, 7);
        assertThrows(KernelDataCorruptedException.class, data::verify);
        p.revoke();
    }

    @Test
    void timersFireOnceEachAndThoseAddedWhileFiringWaitForTheNextPass() {
        Timers timers = new Timers();
        timers.add(10, 1);
        timers.add(30, 2);
        timers.add(20, 3);
        StringBuilder fired = new StringBuilder();
        assertEquals(2, timers.fire(25, id -> {
            fired.append(id);
            timers.add(0, 9);
        }));
        assertEquals(3, timers.size());
        assertTrue(fired.toString().equals("31") || fired.toString().equals("13"), fired.toString());
        assertEquals(3, timers.fire(30, id -> { }));
        assertEquals(0, timers.size());
    }
}
