package dev.bulwark.drill;

import dev.bulwark.hw.event.Event;
import dev.bulwark.monitor.EventLog;
import dev.bulwark.monitor.event.MonitorEvent;
import dev.bulwark.monitor.policy.Microreboot;
import dev.bulwark.monitor.policy.Redundant;
import dev.bulwark.monitor.policy.Restart;
import dev.bulwark.monitor.policy.Rollback;
import dev.bulwark.monitor.policy.Standby;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * What the monitor's events say followed one injection into {@code victim}: its detection, the recovery steps, the
 * incarnation that served again or the stop, and what happened to every other sandbox meanwhile. Fed the events
 * recorded after the injection, in order ({@link #follow}); the judge and the demo read it.
 *
 * <p>{@code alsoRestarted} are the sandboxes the victim's supervisor may restart with it by policy (its group's
 * members): their restarts are the recovery's, not harm. Any other sandbox that fails, or is restarted or
 * stopped, is a harmed bystander.
 *
 * <p>A message corrupted on a {@code channel} into the victim is detected by the victim's port
 * ({@link MonitorEvent.MessageCorrupted}) and contained there: the message is dropped and the victim goes on serving,
 * so it is back at once. The victim failing or being restarted afterwards is harm: containment broke.
 *
 * <p>Threading: confined to the thread that feeds it (under the log's lock) and reads it afterwards.
 */
public final class Aftermath {
    private final String victim;
    /**
     * The sandboxes whose detection, recovery and service are the victim's: the victim, or, when it is a copy of a
     * redundant sandbox, every copy (the copies' outputs are compared, so another copy may be the one reported).
     */
    private final Set<String> victims;
    private final Set<String> alsoRestarted;
    /** The channel a message corruption was injected into, or null for any other fault. */
    private final String channel;
    private MonitorEvent.MessageCorrupted corrupted;
    private MonitorEvent.FaultDetected detected;
    private MonitorEvent.Recovering recovering;
    private MonitorEvent.MemoryChecked checked;
    private MonitorEvent.RolledBack rolledBack;
    private MonitorEvent.Serving serving;
    private MonitorEvent.Stopped stopped;
    private MonitorEvent.FaultNotTaken notTaken;
    private MonitorEvent.AppRestarted appRestarted;
    private final List<String> harm = new ArrayList<>();
    private long cursor = -1;
    /** How often {@link #follow} polls the log. */
    static final long POLL_NANOS = 500_000;

    public Aftermath(String victim, Set<String> alsoRestarted) {
        this(victim, alsoRestarted, null);
    }

    /** The aftermath of a message corrupted on {@code channel} (null: of a fault in a sandbox, its core or a device). */
    public Aftermath(String victim, Set<String> alsoRestarted, String channel) {
        this(victim, Set.of(victim), alsoRestarted, channel);
    }

    /**
     * As {@link #Aftermath(String, Set, String)}, where {@code victims} (with {@code victim}) all count as the victim:
     * the copies of a redundant sandbox.
     */
    public Aftermath(String victim, Set<String> victims, Set<String> alsoRestarted, String channel) {
        this.victim = victim;
        this.victims = Set.copyOf(victims);
        this.alsoRestarted = Set.copyOf(alsoRestarted);
        this.channel = channel;
    }

    /**
     * Follows {@code log} from event {@code from} (the log's size just before the injection; later calls go on
     * where the last stopped), polling every {@link #POLL_NANOS} until {@code done} holds or {@code timeoutNanos}
     * passed; returns whether {@code done} held. Bounded, and a thread interrupt ends it.
     */
    public boolean follow(EventLog log, long from, BooleanSupplier done, long timeoutNanos) throws InterruptedException {
        if (cursor < 0) {
            cursor = from;
        }
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            cursor = log.since(cursor, this::accept);
            if (done.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(POLL_NANOS);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    /** Takes the next event recorded after the injection. */
    public void accept(Event event) {
        if (!(event instanceof MonitorEvent e)) {
            return;
        }
        switch (e) {
            case MonitorEvent.MessageCorrupted c when c.channel().equals(channel) && c.sandbox().equals(victim) -> {
                if (corrupted == null) {
                    corrupted = c;
                }
            }
            case MonitorEvent.FaultDetected d when victims.contains(d.sandbox()) && channel == null -> {
                if (detected == null) {
                    detected = d;
                }
            }
            case MonitorEvent.FaultDetected d -> harm.add(d.sandbox() + " failed (" + d.detection().describe()
                    + ": " + d.cause() + ")");
            case MonitorEvent.Recovering r when victims.contains(r.sandbox()) && channel == null -> recovering = r;
            case MonitorEvent.Recovering r when victims.contains(r.sandbox()) ->
                    harm.add(r.sandbox() + " was restarted (" + r.scheme().configName() + ") after a message on " + channel
                            + " was dropped");
            case MonitorEvent.Recovering r when !alsoRestarted.contains(r.sandbox()) ->
                    harm.add(r.sandbox() + " was restarted (" + r.scheme().configName() + ")");
            case MonitorEvent.MemoryChecked c when victims.contains(c.sandbox()) -> checked = c;
            case MonitorEvent.RolledBack b when victims.contains(b.sandbox()) -> rolledBack = b;
            case MonitorEvent.Serving s when detected != null && s.sandbox().equals(detected.sandbox())
                    && s.incarnation() > detected.incarnation() -> {
                if (serving == null) {
                    serving = s;
                }
            }
            case MonitorEvent.Stopped s when victims.contains(s.sandbox()) -> stopped = s;
            case MonitorEvent.Stopped s -> harm.add(s.sandbox() + " was stopped (" + s.reason() + ")");
            case MonitorEvent.FaultNotTaken n when n.sandbox().equals(victim) -> notTaken = n;
            case MonitorEvent.AppRestarted r when r.sandbox().equals(victim) && detected == null -> {
                if (appRestarted == null) {
                    appRestarted = r;
                }
            }
            case MonitorEvent.AppRestarted r when !r.sandbox().equals(victim) ->
                    harm.add(r.sandbox() + "'s app was restarted (" + r.cause() + ")");
            default -> {
            }
        }
    }

    public MonitorEvent.FaultDetected detected() {
        return detected;
    }

    /** The last recovery step taken for the victim (the scheme that brought it back, after any escalation). */
    public MonitorEvent.Recovering recovering() {
        return recovering;
    }

    /** The last memory check of the victim's kept memory, or null if no microreboot checked any. */
    public MonitorEvent.MemoryChecked checked() {
        return checked;
    }

    /** Whether the fault was noticed at all: detected by the monitor, an app restart, or a corrupt message dropped. */
    public boolean noticed() {
        return detected != null || appRestarted != null || corrupted != null;
    }

    /**
     * When the failure was noticed: the monitor's detection, the kernel's restart of its app, or the victim's port
     * dropping the corrupted message; -1 if none.
     */
    public long detectedAt() {
        return detected != null ? detected.nanos() : appRestarted != null ? appRestarted.nanos()
                : corrupted != null ? corrupted.nanos() : -1;
    }

    /** How it was noticed, in words ({@code heartbeat timeout}, {@code app exception}, {@code checksum}); null if it was not. */
    public String detection() {
        return detected != null ? detected.detection().describe() : appRestarted != null ? "app exception"
                : corrupted != null ? corrupted.detection().describe() : null;
    }

    /**
     * When the victim served again: its new incarnation, or its app restarted in place, or (a dropped corrupt message)
     * the drop itself, since it never stopped serving; -1 if not yet.
     */
    public long backAt() {
        return serving != null ? serving.nanos() : detected == null && appRestarted != null ? appRestarted.nanos()
                : detected == null && corrupted != null ? corrupted.nanos() : -1;
    }

    /** The victim's port dropping the message corrupted on the channel, or null if it did not (yet). */
    public MonitorEvent.MessageCorrupted corrupted() {
        return corrupted;
    }

    /** The victim's first incarnation after the detected one to serve, or null. */
    public MonitorEvent.Serving serving() {
        return serving;
    }

    public MonitorEvent.Stopped stopped() {
        return stopped;
    }

    /**
     * The victim's kernel caught its app's exception and restarted the app in place, on its memory, without the
     * monitor: a failure detected and recovered inside the sandbox. Null if that did not happen first.
     */
    public MonitorEvent.AppRestarted appRestarted() {
        return appRestarted;
    }

    /** Set if the fault was armed but the victim's kernel ended before it took it. */
    public MonitorEvent.FaultNotTaken notTaken() {
        return notTaken;
    }

    /** What happened to other sandboxes that should not have, in words; empty if nothing. */
    public List<String> harm() {
        return List.copyOf(harm);
    }

    /** The victim's last rollback to a checkpoint, or null if it rolled back to none. */
    public MonitorEvent.RolledBack rolledBack() {
        return rolledBack;
    }

    /**
     * Whether the victim came back with its state: its last recovery was a microreboot whose check passed, or a
     * rollback that restored its last committed checkpoint into that incarnation (every write it acknowledged was in
     * it: output commit released no reply of a later epoch). A restart from the pristine image, a microreboot
     * refused by its check, or a rollback escalated to a restart (none committed yet), lost it.
     */
    public boolean stateKept() {
        if (recovering == null) {
            return false;
        }
        return switch (recovering.scheme()) {
            case Microreboot m -> checked != null && checked.kept();
            case Rollback r -> rolledBack != null && rolledBack.incarnation() == recovering.incarnation();
            case Restart r -> false;
            case Standby s -> rolledBack != null && rolledBack.incarnation() == recovering.incarnation(); // fed with checkpoints
            case Redundant r -> true; // a copy rebuilt by replay while the others served
        };
    }

    /**
     * Whether the victim was a redundant copy that its replication rebuilt (the {@code redundant} scheme: a fresh
     * copy replaying the input log) while the others served: the sandbox itself never failed.
     */
    public boolean rebuiltFromAGoodCopy() {
        return recovering != null && recovering.scheme() instanceof dev.bulwark.monitor.policy.Redundant;
    }
}
