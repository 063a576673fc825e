package dev.bulwark.monitor;

import dev.bulwark.hw.clock.NanoClock;
import dev.bulwark.hw.core.Core;
import dev.bulwark.hw.core.CpuAffinity;
import dev.bulwark.hw.memory.PhysicalMemory;
import dev.bulwark.hw.memory.Region;
import dev.bulwark.ipc.channel.Channel;
import dev.bulwark.monitor.spec.ChannelSpec;
import dev.bulwark.monitor.spec.SandboxSpec;
import dev.bulwark.monitor.spec.SpecValidator;
import dev.bulwark.monitor.spec.SystemSpec;
import dev.bulwark.sandbox.app.AppDescriptor;
import dev.bulwark.sandbox.app.AppRegistry;
import dev.bulwark.sandbox.kernel.KernelConfig;
import dev.bulwark.sandbox.kernel.CheckpointStore;
import dev.bulwark.sandbox.kernel.KernelImage;
import dev.bulwark.monitor.policy.Rollback;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chip as a spec describes it, set up and not yet running: cores (each given its host CPU when the chip
 * pins), the physical memory layout (a partition per sandbox, a frame region per channel), every channel
 * (owned here, by the monitor), the devices (made by {@link Devices}), and a {@link Sandbox} with its pristine
 * {@link KernelImage} and its devices for each sandbox spec.
 *
 * <p>A channel's frames live in memory backing its region for the chip's whole life: channels outlive the
 * kernels at their ends. (A partition instead gets fresh backing per incarnation: see {@link Sandbox}.) A sandbox
 * whose recovery chain rolls back gets a {@link CheckpointStore} for the chip's life too: the monitor's, written by
 * each of its incarnations.
 */
record Chip(List<Core> cores, PhysicalMemory memory, List<Channel> channels, Map<String, Sandbox> sandboxes,
            Devices devices) {

    static Chip build(SystemSpec spec, AppRegistry apps, NanoClock clock, Devices devices) {
        List<Core> cores = new ArrayList<>();
        for (int i = 0; i < spec.chip().cores(); i++) {
            cores.add(new Core(i, clock));
        }
        PhysicalMemory memory = new PhysicalMemory(spec.chip().memoryBytes(), spec.chip().pageBytes());
        Map<String, Region> regions = place(spec, memory);

        Arena channelMemory = Arena.ofAuto(); // freed with the chip, when nothing refers to it any more
        List<Channel> channels = new ArrayList<>();
        for (ChannelSpec c : spec.channels()) {
            Region region = regions.get(c.name());
            channels.add(new Channel(channels.size(), c.from(), c.to(), c.capacity(), c.slotBytes(),
                    channelMemory.allocate(region.bytes(), spec.chip().pageBytes()), clock));
        }

        KernelConfig kernelConfig = KernelConfig.withScrubPeriod(spec.detection().scrubPeriod().toNanos())
                .withDriverTimeout(spec.detection().driverTimeout().toNanos());
        Map<String, Sandbox> sandboxes = new LinkedHashMap<>();
        for (SandboxSpec s : spec.sandboxes()) {
            int id = sandboxes.size();
            AppDescriptor app = apps.find(s.app()).orElseThrow(() ->
                    new IllegalArgumentException(s.name() + ": unknown app '" + s.app() + "' (have " + apps.names() + ")"));
            KernelImage image = KernelImage.build(s.name(), id, s.memoryBytes(), spec.chip().pageBytes(), app.factory(),
                    s.params(), kernelConfig);
            List<Channel> in = channels.stream().filter(c -> c.to().equals(s.name())).toList();
            List<Channel> out = channels.stream().filter(c -> c.from().equals(s.name())).toList();
            CheckpointStore checkpoints = spec.recoveryOf(s.name()).schemes().stream()
                    .filter(Rollback.class::isInstance).map(Rollback.class::cast).findFirst()
                    .map(r -> new CheckpointStore(image, r.epoch().toNanos(), in.stream().map(Channel::name).toList(),
                            out.stream().map(Channel::name).toList()))
                    .orElse(null);
            sandboxes.put(s.name(), new Sandbox(id, s.app(), image, cores.get(s.core()), regions.get(s.name()), in, out,
                    s.devices().stream().map(devices::get).toList(), spec.recoveryOf(s.name()), app.memoryCheck(),
                    checkpoints));
        }
        if (spec.chip().pin()) {
            // the spare cores too, after the sandboxes' own: a sandbox that moves to one stays pinned
            pin(java.util.stream.Stream.concat(spec.sandboxes().stream().map(s -> cores.get(s.core())),
                    spec.chip().spareCores().stream().map(cores::get)).toList(), CpuAffinity.allowedCpus());
        }
        return new Chip(List.copyOf(cores), memory, List.copyOf(channels), sandboxes, devices);
    }

    /**
     * Gives each core that runs a sandbox a host CPU, round-robin in core order: the k-th such core gets the
     * k-th of the {@code allowed} CPUs, modulo their number. Counting only the cores in use keeps them spread
     * when some cores are idle (cores 1 and 3 of four do not both land on CPU 1 of two). Each run on a core pins
     * its own thread when it starts ({@link Core#pinTo}).
     */
    static void pin(List<Core> inUse, List<Integer> allowed) {
        List<Core> ordered = inUse.stream().sorted(Comparator.comparingInt(Core::id)).toList();
        for (int k = 0; k < ordered.size(); k++) {
            ordered.get(k).pinTo(allowed.get(k % allowed.size()));
        }
    }

    /**
     * Reserves each partition and channel region where {@link SpecValidator#placements} puts it: the
     * placement rule lives there. Keyed by sandbox name and by channel name ({@code from->to}).
     */
    static Map<String, Region> place(SystemSpec spec, PhysicalMemory memory) {
        Map<String, Region> regions = new LinkedHashMap<>();
        Map<String, Long> bases = SpecValidator.placements(spec);
        for (SandboxSpec s : spec.sandboxes()) {
            regions.put(s.name(), memory.reserve(s.name(), bases.get(s.name()), s.memoryBytes()));
        }
        for (ChannelSpec c : spec.channels()) {
            regions.put(c.name(), memory.reserve(c.name(), bases.get(c.name()), SpecValidator.channelRegionBytes(spec.chip(), c)));
        }
        return regions;
    }
}
