package dev.bulwark.cli.inject;

import dev.bulwark.hw.fault.FaultTarget;
import dev.bulwark.monitor.Monitor;

/** What an injection hits, by the name the config gives it; resolved to the live target once the chip is built. */
public sealed interface InjectionTarget {
    /** The target as {@code --inject} writes it: {@code sandbox=ring-1}. */
    String words();

    /** The live target on {@code monitor}'s chip. */
    FaultTarget resolve(Monitor monitor);

    /** A sandbox's kernel (it takes its faults while it has a live incarnation). */
    record SandboxTarget(String name) implements InjectionTarget {
        public String words() {
            return "sandbox=" + name;
        }

        public FaultTarget resolve(Monitor monitor) {
            return monitor.sandbox(name);
        }
    }

    /** A core of the chip, by number, whether or not it runs a sandbox. */
    record CoreTarget(int id) implements InjectionTarget {
        public String words() {
            return "core=" + id;
        }

        public FaultTarget resolve(Monitor monitor) {
            return monitor.core(id);
        }
    }

    /** A channel of the chip, by its name {@code FROM->TO}: a message in transit on it. */
    record ChannelTarget(String name) implements InjectionTarget {
        public String words() {
            return "channel=" + name;
        }

        public FaultTarget resolve(Monitor monitor) {
            return monitor.channel(name);
        }
    }

    /** A device of the chip. */
    record DeviceTarget(String name) implements InjectionTarget {
        public String words() {
            return "device=" + name;
        }

        public FaultTarget resolve(Monitor monitor) {
            return monitor.device(name);
        }
    }
}
