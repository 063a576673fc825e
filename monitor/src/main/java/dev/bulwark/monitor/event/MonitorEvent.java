package dev.bulwark.monitor.event;

import dev.bulwark.hw.event.Event;
import dev.bulwark.hw.fault.Fault;
import dev.bulwark.monitor.policy.Plan;
import dev.bulwark.monitor.policy.Scheme;

/**
 * What the monitor records about sandboxes: every boot, detection, recovery step and outcome, stamped by
 * the {@link dev.bulwark.monitor.EventLog} with the chip clock's nanoseconds. Fault injections are
 * recorded beside these as {@link dev.bulwark.hw.fault.FaultInjected}, and faults of the monitor itself
 * as {@link MonitorFault}.
 */
public sealed interface MonitorEvent extends Event {
    /** The sandbox all of these are about. */
    String sandbox();

    /** An incarnation was made current on its core and is about to start (boot runs on the core's own thread). */
    record Booted(long nanos, String sandbox, int incarnation, int core) implements MonitorEvent {
    }

    /** The incarnation finished booting and its first event-loop pass: first useful work. */
    record Serving(long nanos, String sandbox, int incarnation) implements MonitorEvent {
    }

    /** A failure of {@code incarnation} was detected. */
    record FaultDetected(long nanos, String sandbox, int incarnation, Detection detection, String cause)
            implements MonitorEvent {
    }

    /** Recovery launches {@code incarnation} with {@code scheme}, on {@code core}. */
    record Recovering(long nanos, String sandbox, int incarnation, Scheme scheme, int core) implements MonitorEvent {
    }

    /**
     * The supervisor of {@code sandbox}'s failure decided {@code plan} (its scheme and every step; a value, rendered
     * in words by whoever prints it, not on the recovery's path), before any of it is carried out.
     */
    record Planned(long nanos, String sandbox, String supervisor, Plan plan) implements MonitorEvent {
    }

    /**
     * {@code incarnation} of a sandbox that did not fail was retired because its group's strategy takes it down
     * with {@code failed} (one_for_all, rest_for_one).
     */
    record Retired(long nanos, String sandbox, int incarnation, String failed, String why) implements MonitorEvent {
    }

    /** The next incarnation of {@code sandbox} moves from {@code fromCore}, which failed for good, to {@code toCore}. */
    record Migrated(long nanos, String sandbox, int incarnation, int fromCore, int toCore) implements MonitorEvent {
    }

    /** A plan waits {@code delayNanos} (its supervisor's backoff) before it launches {@code sandbox} again. */
    record BackingOff(long nanos, String sandbox, long delayNanos) implements MonitorEvent {
    }

    /**
     * A scheme that keeps the app's memory closed the mapping of the failed {@code incarnation} (in
     * {@code unmapNanos}, on the recovery's critical path) and ran the app's check on the memory: {@code problem}
     * is null if it passed and the memory is kept, else what the check found (or that the app declares none), and
     * the memory is not kept.
     */
    record MemoryChecked(long nanos, String sandbox, int incarnation, long unmapNanos, String problem)
            implements MonitorEvent {
        public boolean kept() {
            return problem == null;
        }
    }

    /** The monitor could not carry out {@code scheme}'s launch of {@code sandbox} ({@code reason}): its supervisor escalates. */
    record Escalated(long nanos, String sandbox, Scheme scheme, String reason) implements MonitorEvent {
    }

    /** The sandbox was stopped for good by the recovery policy; {@code reason} says why. */
    record Stopped(long nanos, String sandbox, String reason) implements MonitorEvent {
    }

    /** An app handler threw and the kernel restarted the app. */
    record AppRestarted(long nanos, String sandbox, int incarnation, String cause) implements MonitorEvent {
    }

    /** The app of {@code sandbox} said its job is done: {@code success}, and what came of it. */
    record JobFinished(long nanos, String sandbox, int incarnation, boolean success, String summary) implements MonitorEvent {
    }

    /**
     * {@code incarnation} of {@code sandbox} is launched on its last committed checkpoint, of {@code epoch}: {@code pages}
     * pages restored, {@code replayed} messages taken since that checkpoint to be taken again, and {@code released}
     * outputs of that epoch that its failed predecessor held and the monitor released (it failed between its epoch's
     * commit and its release). What the predecessor held beyond the checkpoint was dropped, never seen; {@code escaped}
     * counts what it had published beyond it all the same (outputs of the rolled-back epoch a receiver may have
     * taken): the audit of output commit, 0 unless holding failed.
     */
    record RolledBack(long nanos, String sandbox, int incarnation, long epoch, int pages, long replayed, long released,
                      long escaped) implements MonitorEvent {
    }

    /** A warm standby of {@code sandbox} is booted and waiting on {@code core}, ready to take over. */
    record StandbyReady(long nanos, String sandbox, int core) implements MonitorEvent {
    }

    /** Messages taken by a failed incarnation and never handled: counted, not silently lost. */
    record MessagesLost(long nanos, String sandbox, String channel, long count) implements MonitorEvent {
    }

    /**
     * The message {@code seq} on {@code channel} failed its checksum when {@code incarnation} of {@code sandbox}, its
     * receiver, took it: a detection ({@link Detection#CHECKSUM}), not a failure. The message was dropped (counted
     * corrupted, never handed to the app) and the kernel goes on: the fault is contained in one message, whose
     * sender learns of it only as a request that is never answered.
     */
    record MessageCorrupted(long nanos, String sandbox, int incarnation, String channel, long seq) implements MonitorEvent {
        public Detection detection() {
            return Detection.CHECKSUM;
        }
    }

    /**
     * A fault delivered to {@code incarnation} was still waiting for its kernel's next pass when the
     * incarnation was retired (it had failed of something else): the fault never acted.
     */
    record FaultNotTaken(long nanos, String sandbox, int incarnation, Fault fault) implements MonitorEvent {
    }

    /**
     * Redundant execution: copy {@code sandbox} was rebuilt as {@code incarnation}, from the pristine image, and
     * replays generation {@code generation} of its sandbox's input log from the start while the other copies
     * serve; it votes again once it has caught up.
     */
    record CopyRebuilt(long nanos, String sandbox, int incarnation, int generation) implements MonitorEvent {
    }

    /** The thread of a retired incarnation has ended; {@code how} says what ended it, in words. */
    record IncarnationEnded(long nanos, String sandbox, int incarnation, String how) implements MonitorEvent {
    }
}
