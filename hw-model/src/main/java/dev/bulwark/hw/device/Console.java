package dev.bulwark.hw.device;

import dev.bulwark.hw.event.EventSink;

/**
 * A console: the owner's lines go into the chip's event log as {@link DeviceActivity.ConsoleLine}s, which
 * the log's publisher prints (a kernel never writes to a stream itself, so a slow terminal cannot stall a
 * core). It has no failure modes.
 */
public final class Console extends Device {
    public Console(String name, EventSink events) {
        super(name, DeviceKind.CONSOLE, events);
    }

    /** Prints {@code line}: records it. Owner's kernel thread. */
    public void println(String line) {
        String sandbox = ownerName();
        events.record(nanos -> new DeviceActivity.ConsoleLine(nanos, name(), sandbox, line));
    }

    @Override
    protected String reset() {
        return "";
    }
}
