package dev.bulwark.sandbox.app;

import dev.bulwark.hw.memory.MemoryWindow;
import dev.bulwark.ipc.Sender;

/**
 * What an app can reach: its name, the clock, the channels the monitor granted its sandbox, one-shot
 * timers, its own memory, and the devices its sandbox owns. Nothing else: no core, no other partition, no
 * other sandbox, no other sandbox's device.
 */
public interface AppContext {
    /** The sandbox's name. */
    String sandboxName();

    /** The sandbox's incarnation: 1 at first boot, +1 at each kernel restart. */
    int incarnation();

    /** Now, in the chip clock's nanoseconds. */
    long now();

    /**
     * Whether this instance starts on memory restored from the sandbox's last committed checkpoint (a rollback or a
     * failover), with every message taken since that checkpoint about to be replayed: nothing sent to the sandbox
     * was lost, and nothing it sent after that checkpoint was seen. False for a boot from the pristine image, a
     * microreboot, and an app restart.
     */
    default boolean resumed() {
        return false;
    }

    /**
     * The outbound channel to sandbox {@code to}.
     *
     * @throws IllegalArgumentException if the monitor granted no channel from this sandbox to {@code to}
     */
    Sender channelTo(String to);

    /** Fires {@link App#onTimer} with {@code timerId} after {@code delayNanos} (one-shot). */
    void setTimer(long delayNanos, long timerId);

    /** The app's part of the partition; survives app restarts, and kernel restarts where the scheme keeps it. */
    MemoryWindow memory();

    /**
     * The NIC {@code device} the sandbox owns.
     *
     * @throws IllegalArgumentException if the sandbox owns no NIC of that name (naming the devices it owns)
     */
    NicPort nic(String device);

    /**
     * The block device {@code device} the sandbox owns.
     *
     * @throws IllegalArgumentException if the sandbox owns no block device of that name
     */
    BlockPort block(String device);

    /**
     * The console {@code device} the sandbox owns.
     *
     * @throws IllegalArgumentException if the sandbox owns no console of that name
     */
    ConsolePort console(String device);

    /**
     * Says the app's job is done (a batch app: a map-reduce driver that has its result): {@code success}
     * whether it did what it was asked, {@code summary} what came of it, in one line. A run started without
     * a duration ends once a job is finished, and exits non-zero if it failed. Only the first call counts.
     */
    void finish(boolean success, String summary);
}
