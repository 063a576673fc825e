package dev.bulwark.apps.control;

import dev.bulwark.hw.memory.MemoryWindow;
import dev.bulwark.ipc.Sender;
import dev.bulwark.sandbox.app.AppContext;
import dev.bulwark.sandbox.app.BlockPort;
import dev.bulwark.sandbox.app.ConsolePort;
import dev.bulwark.sandbox.app.NicPort;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An app's surroundings without a kernel, for tests: a settable clock, the channels a test wires up, its
 * memory, and consoles that keep the lines printed.
 */
final class Bench implements AppContext {
    private final String name;
    private final MemoryWindow memory;
    private final Map<String, Sender> channels = new HashMap<>();
    private final Map<String, List<String>> consoles = new HashMap<>();
    long now;

    Bench(String name, MemoryWindow memory) {
        this.name = name;
        this.memory = memory;
    }

    Bench channel(Sender sender) {
        channels.put(sender.to(), sender);
        return this;
    }

    Bench withConsole(String device) {
        consoles.put(device, new ArrayList<>());
        return this;
    }

    List<String> printed(String device) {
        return consoles.get(device);
    }

    @Override
    public String sandboxName() {
        return name;
    }

    @Override
    public int incarnation() {
        return 1;
    }

    @Override
    public long now() {
        return now;
    }

    @Override
    public Sender channelTo(String to) {
        Sender s = channels.get(to);
        if (s == null) {
            throw new IllegalArgumentException("no channel from " + name + " to " + to);
        }
        return s;
    }

    @Override
    public void setTimer(long delayNanos, long timerId) {
        throw new UnsupportedOperationException("the control apps set no timers");
    }

    @Override
    public MemoryWindow memory() {
        return memory;
    }

    @Override
    public NicPort nic(String device) {
        throw new IllegalArgumentException(name + " owns no NIC " + device);
    }

    @Override
    public BlockPort block(String device) {
        throw new IllegalArgumentException(name + " owns no block device " + device);
    }

    @Override
    public ConsolePort console(String device) {
        List<String> lines = consoles.get(device);
        if (lines == null) {
            throw new IllegalArgumentException(name + " owns no console " + device);
        }
        return new ConsolePort() {
            @Override
            public String device() {
                return device;
            }

            @Override
            public void println(String line) {
                lines.add(line);
            }
        };
    }

    @Override
    public void finish(boolean success, String summary) {
        throw new UnsupportedOperationException("the control apps are not batch jobs");
    }
}
