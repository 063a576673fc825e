package dev.bulwark.sandbox.kernel;

import dev.bulwark.hw.core.CoreProgram;
import dev.bulwark.hw.fault.Fault;
import dev.bulwark.hw.fault.FaultKind;
import dev.bulwark.hw.fault.FaultRefusedException;
import dev.bulwark.hw.fault.FaultTarget;
import dev.bulwark.hw.fault.MemoryArea;
import dev.bulwark.hw.memory.MemoryWindow;
import dev.bulwark.ipc.Message;
import dev.bulwark.ipc.Sender;
import dev.bulwark.ipc.channel.InPort;
import dev.bulwark.ipc.channel.OutPort;
import dev.bulwark.sandbox.app.App;
import dev.bulwark.sandbox.app.AppContext;
import dev.bulwark.sandbox.app.BlockPort;
import dev.bulwark.sandbox.app.ConsolePort;
import dev.bulwark.sandbox.app.NicPort;

import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * One incarnation of a sandbox's kernel: the program its core runs.
 *
 * <h2>Event loop</h2>
 * The first pass boots: load the pristine image into the fresh partition, verify it, record the
 * incarnation, start the app. Every later pass:
 * <ol>
 *   <li>beats the heartbeat (time and progress);</li>
 *   <li>takes an armed fault, if any (fault injection acts on the kernel's own thread);</li>
 *   <li>drains up to {@code pollBatch} messages from each inbound channel into the app;</li>
 *   <li>fires due timers;</li>
 *   <li>scrubs its own data when the scrub period has passed;</li>
 *   <li>after the first full pass, tells the monitor it is serving.</li>
 * </ol>
 *
 * <h2>Sleep</h2>
 * With nothing to do the kernel's core backs off and then sleeps on its doorbell: {@link #wakeAt} tells it
 * to stay awake while a message or a fault waits, and otherwise to wake by the next app timer or scrub.
 * Whoever brings work rings: a channel's producer after each commit, the monitor when it arms a fault or
 * halts the run.
 *
 * <h2>Failure</h2>
 * A throwable from the kernel itself escapes {@link #doWork()} and is a trap. A throwable from app code
 * is an app fault: the kernel restarts the app on a fresh instance and tells the monitor. Once the
 * incarnation's lease is revoked nothing is an app fault any more: whatever was thrown propagates, so a
 * zombie ends.
 *
 * <p>Threading: everything but {@link #inject} runs on the core's thread. {@code armed} carries a fault
 * from the injecting thread to the kernel's (volatile hand-over, taken with getAndSet).
 */
public final class Kernel implements CoreProgram, FaultTarget {
    private static final Set<FaultKind> ACCEPTED =
            EnumSet.of(FaultKind.KERNEL_PANIC, FaultKind.HANG, FaultKind.BIT_FLIP, FaultKind.WILD_WRITE);

    private final KernelImage image;
    private final Boot boot;
    private final InPort[] inbox;
    private final Timers timers = new Timers();
    private final AtomicReference<Fault> armed = new AtomicReference<>();
    private final Context context = new Context();
    /** Bound once: a method reference made on every pass would allocate on the event loop. */
    private final java.util.function.LongConsumer timerHandler = this::deliverTimer;

    private KernelData kernelData;
    private MemoryWindow appMemory;
    private App app;
    private boolean booted;
    private boolean serving;
    private boolean appFaultPending;
    private long nextScrubNanos;
    private long progress;

    public Kernel(KernelImage image, Boot boot) {
        this.image = image;
        this.boot = boot;
        this.inbox = boot.inbox().toArray(new InPort[0]);
    }

    @Override
    public int doWork() {
        long now = boot.clock().nanoTime();
        if (!booted) {
            boot(now);
            return 1;
        }
        boot.heartbeat().beat(now, progress);
        Fault fault = armed.get(); // a volatile load per pass; the atomic take only when there is one
        if (fault != null && (fault = armed.getAndSet(null)) != null) {
            take(fault);
        }
        int work = drainInbox();
        work += timers.fire(now, timerHandler);
        if (now - nextScrubNanos >= 0) {
            kernelData.verify();
            nextScrubNanos = now + image.config().scrubPeriodNanos();
        }
        if (!serving) {
            serving = true;
            boot.hypercalls().serving(boot.incarnation());
        }
        progress += work;
        return work;
    }

    /**
     * Work waits if a message or an armed fault does (looked at after the doorbell was armed: their
     * producers ring after publishing); otherwise the next timer or scrub is due when the kernel must wake.
     */
    @Override
    public long wakeAt(long now) {
        if (!booted || armed.get() != null) {
            return now;
        }
        for (InPort port : inbox) {
            if (!port.isEmpty()) {
                return now;
            }
        }
        long timer = timers.nextDeadline();
        return timer != Long.MAX_VALUE && timer - nextScrubNanos < 0 ? timer : nextScrubNanos;
    }

    private void boot(long now) {
        image.loadInto(boot.partition());
        kernelData = new KernelData(boot.partition().window(0, KernelData.BYTES));
        kernelData.verify();
        kernelData.incarnation(boot.incarnation());
        appMemory = boot.partition().window(kernelData.appBase(), kernelData.appBytes());
        nextScrubNanos = now + image.config().scrubPeriodNanos();
        app = image.code().create(image.params());
        app.start(context);
        booted = true;
    }

    private int drainInbox() {
        int handled = 0;
        int batch = image.config().pollBatch();
        for (InPort port : inbox) {
            for (int i = 0; i < batch; i++) {
                Message m = port.poll();
                if (m == null) {
                    break;
                }
                deliverMessage(m);
                port.handled();
                handled++;
            }
        }
        return handled;
    }

    private void deliverMessage(Message m) {
        try {
            raisePendingAppFault();
            app.onMessage(context, m);
        } catch (RuntimeException e) {
            restartApp(e);
        }
    }

    private void deliverTimer(long timerId) {
        try {
            raisePendingAppFault();
            app.onTimer(context, timerId);
        } catch (RuntimeException e) {
            restartApp(e);
        }
    }

    private void raisePendingAppFault() {
        if (appFaultPending) {
            appFaultPending = false;
            throw new AppFaultException("injected fault in app code of " + image.sandboxName());
        }
    }

    /** Level-one recovery: a fresh app instance, same memory. A start that throws is the kernel's failure. */
    private void restartApp(RuntimeException cause) {
        if (boot.lease().isRevoked()) {
            throw cause;
        }
        kernelData.countAppRestart();
        timers.clear();
        boot.hypercalls().appRestarted(boot.incarnation(), cause);
        app = image.code().create(image.params());
        app.start(context);
    }

    private void take(Fault fault) {
        switch (fault) {
            case Fault.KernelPanic(Fault.Site site) when site == Fault.Site.APP -> appFaultPending = true;
            case Fault.KernelPanic p -> throw new KernelPanicException("injected kernel panic in " + image.sandboxName());
            case Fault.Hang h -> hang();
            case Fault.WildWrite(long distance) -> boot.partition().window(0, boot.partition().byteSize())
                    .putLong(boot.partition().byteSize() + distance, 0xBADL);
            default -> throw new IllegalStateException("kernel cannot take " + fault);
        }
    }

    /**
     * An injected hang: the kernel stops making progress, as if spinning on a lock that is never released.
     * It keeps polling the lock word in its partition, parking between polls so it does not hold a host
     * CPU; once the monitor revokes the partition the next poll throws and the zombie ends.
     */
    private void hang() {
        MemoryWindow lockWord = boot.partition().window(KernelData.BYTES, Long.BYTES);
        while (lockWord.getLong(0) != -1L) {
            LockSupport.parkNanos(100_000);
        }
    }

    @Override
    public String targetName() {
        return image.sandboxName();
    }

    @Override
    public Set<FaultKind> acceptedFaults() {
        return ACCEPTED;
    }

    @Override
    public long areaBytes(MemoryArea area) {
        return switch (area) {
            case KERNEL_DATA -> KernelData.SEALED_BYTES;
            case APP_DATA -> image.appBytes();
        };
    }

    /**
     * Memory faults act at once, as hardware does; the others are armed and taken by the kernel's thread
     * at its next pass. One fault is armed at a time: another before it is taken is refused, never lost.
     */
    @Override
    public void inject(Fault fault) {
        switch (fault) {
            case Fault.BitFlip(MemoryArea area, long offset, int bit) -> boot.partition().flipBit(
                    (area == MemoryArea.KERNEL_DATA ? 0 : image.appBase()) + offset, bit);
            case Fault.KernelPanic _, Fault.Hang _, Fault.WildWrite _ -> {
                if (!armed.compareAndSet(null, fault)) {
                    throw new FaultRefusedException(targetName() + "#" + boot.incarnation()
                            + " has not yet taken the fault armed before it: one at a time");
                }
            }
            default -> throw new IllegalArgumentException(targetName() + " does not accept " + fault.kind());
        }
    }

    public int incarnation() {
        return boot.incarnation();
    }

    /**
     * Takes back a fault that was armed but not yet taken (for the monitor, once this incarnation can no
     * longer run: it reports such a fault instead of letting it vanish with the kernel). Null if none.
     */
    public Fault disarm() {
        return armed.getAndSet(null);
    }

    /** The app restarts recorded in the kernel's data (0 before boot). */
    public long appRestarts() {
        return kernelData == null ? 0 : kernelData.appRestarts();
    }

    private final class Context implements AppContext {
        @Override
        public String sandboxName() {
            return image.sandboxName();
        }

        @Override
        public int incarnation() {
            return boot.incarnation();
        }

        @Override
        public long now() {
            return boot.clock().nanoTime();
        }

        @Override
        public Sender channelTo(String to) {
            OutPort port = boot.outbox().get(to);
            if (port == null) {
                throw new IllegalArgumentException(image.sandboxName() + " has no channel to '" + to
                        + "' (granted: " + new TreeSet<>(boot.outbox().keySet()) + ")");
            }
            return port;
        }

        @Override
        public void setTimer(long delayNanos, long timerId) {
            timers.add(boot.clock().nanoTime() + Math.max(0, delayNanos), timerId);
        }

        @Override
        public MemoryWindow memory() {
            return appMemory;
        }

        @Override
        public void finish(boolean success, String summary) {
            boot.hypercalls().jobFinished(boot.incarnation(), success, summary);
        }

        @Override
        public NicPort nic(String device) {
            throw new IllegalArgumentException(image.sandboxName() + " owns no NIC named '" + device + "'");
        }

        @Override
        public BlockPort block(String device) {
            throw new IllegalArgumentException(image.sandboxName() + " owns no block device named '" + device + "'");
        }

        @Override
        public ConsolePort console(String device) {
            throw new IllegalArgumentException(image.sandboxName() + " owns no console named '" + device + "'");
        }
    }
}
