package dev.bulwark.drill;

import dev.bulwark.hw.fault.FaultTarget;
import dev.bulwark.monitor.Monitor;

/**
 * Where a planned fault lands, named so that it means the same thing on every chip a drill boots and after
 * every recovery: a sandbox's kernel, the core a sandbox runs on now (it moves when its core fails), or a
 * device, or a channel. Each names the sandbox whose failure (or, for a channel, whose detection) the fault is:
 * its {@link #victim()}.
 */
public sealed interface Target {
    /** The sandbox whose detection and recovery the judge follows. */
    String victim();

    /** The fault target on {@code monitor}'s chip now. */
    FaultTarget resolve(Monitor monitor);

    /** How reports name it: {@code kv-1}, {@code core of kv-1}, {@code device net}, {@code channel front->kv-1}. */
    String describe();

    record Kernel(String sandbox) implements Target {
        public String victim() { return sandbox; }

        public FaultTarget resolve(Monitor monitor) { return monitor.sandbox(sandbox); }

        public String describe() { return sandbox; }
    }

    record CoreOf(String sandbox) implements Target {
        public String victim() { return sandbox; }

        public FaultTarget resolve(Monitor monitor) { return monitor.core(monitor.sandbox(sandbox).core().id()); }

        public String describe() { return "core of " + sandbox; }
    }

    /**
     * A channel ({@code front->kv-1}), for a message corrupted in transit on it, and the sandbox that receives on it
     * (whose port's checksum detects it, and which must go on serving).
     */
    record Channel(String channel, String receiver) implements Target {
        public String victim() { return receiver; }

        public FaultTarget resolve(Monitor monitor) { return monitor.channel(channel); }

        public String describe() { return "channel " + channel; }
    }

    /** A device, and the sandbox that owns it (whose driver sees it fail). */
    record Device(String device, String owner) implements Target {
        public String victim() { return owner; }

        public FaultTarget resolve(Monitor monitor) { return monitor.device(device); }

        public String describe() { return "device " + device; }
    }
}
