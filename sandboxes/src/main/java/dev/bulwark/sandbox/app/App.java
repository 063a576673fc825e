package dev.bulwark.sandbox.app;

import dev.bulwark.ipc.Message;

/**
 * An app running in a sandbox. Apps are event-driven: the kernel calls these methods on its own core
 * thread, one at a time, and an app must never block it.
 *
 * <p>State that must survive a kernel restart lives in {@link AppContext#memory()} (the app's part of
 * the sandbox's partition); fields of the app object are lost whenever the kernel or app restarts.
 * An exception thrown from a handler is an app fault: the kernel restarts the app (calls
 * {@link #start} again on a fresh instance) and the monitor records it.
 */
public interface App {
    /** Called once per (re)start of the app, before any other handler. */
    void start(AppContext ctx);

    /** A message arrived on one of the sandbox's inbound channels. */
    default void onMessage(AppContext ctx, Message message) {
    }

    /** A timer set with {@link AppContext#setTimer} fired. */
    default void onTimer(AppContext ctx, long timerId) {
    }

    /** A device the sandbox owns has something for the app (a frame, a completion, a tick). */
    default void onDevice(AppContext ctx, DeviceEvent event) {
    }

    /**
     * Whether a checkpoint may be taken now, between handlers: everything this instance must keep is in its memory
     * or already sent, and nothing waits only in its fields (replies collected but not yet sent, say), which a
     * rollback to this checkpoint would drop while the inputs that made them are not replayed. Asked only in a
     * sandbox that checkpoints (rollback); an app that says false must have a timer pending to get there.
     */
    default boolean checkpointable() {
        return true;
    }
}
