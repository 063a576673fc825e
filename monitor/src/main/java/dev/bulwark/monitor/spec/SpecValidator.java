package dev.bulwark.monitor.spec;

import dev.bulwark.ipc.channel.Channel;
import dev.bulwark.ipc.channel.FrameDescriptor;
import dev.bulwark.monitor.policy.Backoff;
import dev.bulwark.monitor.policy.Scheme;
import dev.bulwark.sandbox.app.AppCheck;
import dev.bulwark.sandbox.app.AppParam;
import dev.bulwark.sandbox.app.AppParams;
import dev.bulwark.sandbox.app.AppRegistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks that a {@link SystemSpec} describes a system the monitor can boot on this host: a sane chip,
 * sandboxes that fit on it without sharing cores or memory, apps that exist and accept their declared
 * parameters (a parameter naming a peer needs a channel to it), channels between real sandboxes,
 * detection settings the host can honour, recovery chains and intensities that make sense, spare cores no
 * sandbox is configured on, groups of real sandboxes with one group each, and a memory footprint the host
 * and the JVM can give. Reports every problem it finds, with paths in config-file terms, and warnings
 * about systems that would boot but probably not do what was meant (a token ring without a leader,
 * more busy-spinning cores than host CPUs, pinned cores sharing CPUs).
 */
public final class SpecValidator {
    /** The most cores a modeled chip may have. */
    public static final int MAX_CORES = 1024;
    /** The smallest page size a modeled chip may have. */
    public static final int MIN_PAGE_BYTES = 64;
    /** The largest capacity a channel may have, in messages. */
    public static final int MAX_CHANNEL_CAPACITY = 1 << 20;
    /** The shortest heartbeat timeout at all: a few of the host scheduler's time slices. */
    static final Duration MIN_HEARTBEAT_TIMEOUT = Duration.ofMillis(5);
    /** What each kernel sharing a host CPU adds to the floor: about one time slice of the host's scheduler. */
    static final Duration HEARTBEAT_PER_KERNEL_PER_CPU = Duration.ofMillis(1);
    /** Partitions may take at most this share of the host's free memory, channels of the JVM's heap. */
    static final double MEMORY_SHARE = 0.8;
    static final double HEAP_SHARE = 0.5;

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");

    private SpecValidator() {
    }

    /**
     * Every problem with {@code spec}: chip, then sandboxes, partitions, channels, detection and recovery.
     * An empty list means the spec is valid.
     */
    public static List<SpecProblem> validate(SystemSpec spec, AppRegistry apps) {
        return validate(spec, apps, HostLimits.current());
    }

    /**
     * Every problem with {@code spec} on a host with {@code host}'s limits: chip, sandboxes and their apps,
     * partitions, channels, detection, recovery, spare cores, groups, footprint; then the apps' warnings. No
     * errors means valid.
     */
    public static List<SpecProblem> validate(SystemSpec spec, AppRegistry apps, HostLimits host) {
        var problems = new ArrayList<SpecProblem>();
        var chip = spec.chip();
        boolean coresValid = checkCores(chip, problems);
        boolean memoryValid = checkChipMemory(chip, problems);
        if (memoryValid && chip.memoryBytes() > host.memoryBytes()) {
            problems.add(new SpecProblem("chip.memory", ("the chip's %s of memory is more than this host has (%s): "
                    + "its partitions are backed by the host's memory").formatted(Units.size(chip.memoryBytes()), Units.size(host.memoryBytes()))));
        }
        checkSandboxes(spec, apps, coresValid, problems);
        if (memoryValid) {
            problems.addAll(PartitionLayout.of(chip, spec.sandboxes(), spec.channels()).problems());
        }
        checkChannels(spec, problems);
        checkDevices(spec, problems);
        checkDetection(spec, host, problems);
        checkRecovery("recovery", spec.recovery(), problems);
        checkSpareCores(spec, coresValid, problems);
        checkGroups(spec, problems);
        SchemeSettingsCheck.check(spec, problems);
        if (problems.stream().noneMatch(SpecProblem::isError)) {
            checkFootprint(spec, host, problems);
            checkCoreThreads(spec, host, problems);
            checkAppRules(spec, apps, problems);
        }
        return List.copyOf(problems);
    }

    /**
     * The shortest heartbeat timeout this host can honour for {@code sandboxes} sandboxes on {@code cpus}
     * host CPUs. A sleeping kernel needs no heartbeat (its core sleeps on its doorbell, outside the kernel:
     * the monitor sees that); an awake one beats on every pass of its event loop, so what can silence a
     * healthy kernel is waiting for a host CPU: when every kernel is busy at once, about one scheduler time
     * slice ({@link #HEARTBEAT_PER_KERNEL_PER_CPU}) per kernel sharing its CPU. At least
     * {@link #MIN_HEARTBEAT_TIMEOUT}. README, "Heartbeat timeout", has the measurement behind it.
     */
    public static Duration minHeartbeatTimeout(int sandboxes, int cpus) {
        long perCpu = Math.ceilDiv(Math.max(1, sandboxes), Math.max(1, cpus));
        Duration shared = HEARTBEAT_PER_KERNEL_PER_CPU.multipliedBy(perCpu);
        return shared.compareTo(MIN_HEARTBEAT_TIMEOUT) > 0 ? shared : MIN_HEARTBEAT_TIMEOUT;
    }

    /**
     * Where each sandbox's partition starts (sandbox name to base address, in spec order), by the rule
     * {@link #validate} checks: explicit bases as given, then the others first-fit in spec order at the
     * lowest free page-aligned address. The monitor uses this to lay out memory exactly as validated.
     *
     * @throws IllegalArgumentException if the chip or the partitions are not valid
     */
    public static Map<String, Long> placements(SystemSpec spec) {
        var problems = new ArrayList<SpecProblem>();
        if (!checkChipMemory(spec.chip(), problems)) {
            throw new IllegalArgumentException("cannot place partitions: " + problems);
        }
        var names = new HashSet<String>();
        for (var sandbox : spec.sandboxes()) {
            if (!names.add(sandbox.name())) {
                throw new IllegalArgumentException("cannot place partitions: duplicate sandbox name '"
                        + sandbox.name() + "'");
            }
        }
        var layout = PartitionLayout.of(spec.chip(), spec.sandboxes(), spec.channels());
        if (!layout.problems().isEmpty()) {
            throw new IllegalArgumentException("cannot place partitions: " + layout.problems());
        }
        return Map.copyOf(layout.bases());
    }

    /** Bytes of chip memory the frames of {@code channel} take: whole pages. */
    public static long channelRegionBytes(ChipSpec chip, ChannelSpec channel) {
        return PartitionLayout.channelRegionBytes(chip, channel);
    }

    private static boolean checkCores(ChipSpec chip, List<SpecProblem> problems) {
        if (chip.cores() < 1) {
            problems.add(new SpecProblem("chip.cores", "the chip needs at least 1 core, got " + chip.cores()));
            return false;
        }
        if (chip.cores() > MAX_CORES) {
            problems.add(new SpecProblem("chip.cores",
                    "at most %d cores are supported, got %d".formatted(MAX_CORES, chip.cores())));
            return false;
        }
        return true;
    }

    /** Checks page size and memory size; true when both are valid (so partitions can be checked). */
    private static boolean checkChipMemory(ChipSpec chip, List<SpecProblem> problems) {
        int page = chip.pageBytes();
        if (page < MIN_PAGE_BYTES || Integer.bitCount(page) != 1) {
            problems.add(new SpecProblem("chip.pageSize",
                    "page size must be a power of two of at least %d bytes, got %d".formatted(MIN_PAGE_BYTES, page)));
            if (chip.memoryBytes() <= 0) {
                problems.add(new SpecProblem("chip.memory", "memory must be positive, got " + chip.memoryBytes()));
            }
            return false;
        }
        if (chip.memoryBytes() <= 0) {
            problems.add(new SpecProblem("chip.memory", "memory must be positive, got " + chip.memoryBytes()));
            return false;
        }
        if (chip.memoryBytes() % page != 0) {
            problems.add(new SpecProblem("chip.memory",
                    "memory of %d bytes is not a multiple of the page size (%d bytes)".formatted(
                            chip.memoryBytes(), page)));
            return false;
        }
        return true;
    }

    private static void checkSandboxes(SystemSpec spec, AppRegistry apps, boolean coresValid,
                                       List<SpecProblem> problems) {
        var sandboxes = spec.sandboxes();
        if (sandboxes.isEmpty()) {
            problems.add(new SpecProblem("sandboxes", "at least one sandbox is required"));
            return;
        }
        var firstByName = new HashMap<String, Integer>();
        var ownerOfCore = new HashMap<Integer, String>();
        int cores = spec.chip().cores();
        for (int i = 0; i < sandboxes.size(); i++) {
            var sandbox = sandboxes.get(i);
            String path = "sandboxes[" + i + "]";
            String name = sandbox.name() == null ? "" : sandbox.name();
            if (name.isBlank()) {
                problems.add(new SpecProblem(path + ".name", "sandbox name is blank"));
            } else if (!NAME.matcher(name).matches()) {
                problems.add(new SpecProblem(path + ".name", ("sandbox name '%s' is invalid: use lowercase "
                        + "letters, digits, '_' and '-', starting with a letter or digit").formatted(name)));
            }
            Integer first = firstByName.putIfAbsent(name, i);
            if (first != null && !name.isBlank()) {
                problems.add(new SpecProblem(path + ".name",
                        "duplicate sandbox name '%s' (also sandboxes[%d])".formatted(name, first)));
            }
            int core = sandbox.core();
            if (coresValid && (core < 0 || core >= cores)) {
                problems.add(new SpecProblem(path + ".core", "core %d does not exist (the chip has %s)".formatted(
                        core, coreRange(cores))));
            } else {
                String owner = ownerOfCore.putIfAbsent(core, name);
                if (owner != null) {
                    problems.add(new SpecProblem(path + ".core", ("core %d is already used by sandbox '%s': "
                            + "this version runs one sandbox per core").formatted(core, owner)));
                }
            }
            checkApp(path, sandbox, spec, apps, problems);
            if (sandbox.recovery() != null) {
                checkRecovery(path + ".recovery", sandbox.recovery(), problems);
                spec.groupOf(name).ifPresent(group -> problems.add(new SpecProblem(path + ".recovery", ("sandbox '%s' "
                        + "is a member of group '%s', whose recovery applies to all its members: give it in the "
                        + "group's recovery, not the sandbox's").formatted(name, group.name()))));
            }
        }
    }

    private static void checkApp(String path, SandboxSpec sandbox, SystemSpec spec, AppRegistry apps,
                                 List<SpecProblem> problems) {
        var app = sandbox.app() == null ? null : apps.find(sandbox.app()).orElse(null);
        if (app == null) {
            problems.add(new SpecProblem(path + ".app", "unknown app '%s' (%s)".formatted(sandbox.app(),
                    apps.names().isEmpty() ? "no apps are registered" : "known apps: " + String.join(", ", apps.names()))));
            return;
        }
        if (!app.memoryCheck().declared() && sandbox.name() != null
                && spec.recoveryOf(sandbox.name()).schemes().contains(Scheme.MICROREBOOT)) {
            problems.add(SpecProblem.warning(path + ".app", ("app '%s' declares no memory check, so microreboot (in the "
                    + "recovery of '%s') can never keep its memory: it escalates to the next scheme every time")
                    .formatted(app.name(), sandbox.name())));
        }
        int before = problems.size();
        for (var p : AppParams.check(app, sandbox.params())) {
            problems.add(new SpecProblem(p.param() == null ? path + ".params" : path + ".params." + p.param(), p.message()));
        }
        for (var param : app.params()) {
            String peer = sandbox.params().get(param.name());
            if (param.kind() == AppParam.Kind.PEER && peer != null && !peer.isBlank()) {
                checkPeer(path + ".params." + param.name(), sandbox, param.name(), peer, spec, problems);
            }
            if (param.kind() == AppParam.Kind.DEVICE && peer != null && !peer.isBlank() && !sandbox.devices().contains(peer)) {
                problems.add(new SpecProblem(path + ".params." + param.name(), ("%s names device '%s', which sandbox '%s' "
                        + "does not own (it owns: %s; add it to the sandbox's devices)").formatted(param.name(), peer,
                        sandbox.name(), sandbox.devices().isEmpty() ? "none" : String.join(", ", sandbox.devices()))));
            }
        }
        if (problems.size() > before) {
            return;
        }
        try {
            app.factory().create(sandbox.params());
        } catch (IllegalArgumentException e) {
            problems.add(new SpecProblem(path + ".params", "app '%s' rejected its params: %s".formatted(
                    sandbox.app(), e.getMessage() == null ? "no reason given" : e.getMessage())));
        }
    }

    /**
     * Devices: unique valid names, sane settings per kind, and each owned by exactly one sandbox, which names
     * only devices that exist.
     */
    private static void checkDevices(SystemSpec spec, List<SpecProblem> problems) {
        var firstByName = new HashMap<String, Integer>();
        for (int i = 0; i < spec.devices().size(); i++) {
            DeviceSpec d = spec.devices().get(i);
            String path = "devices[" + i + "]";
            checkName("devices", i, "device", d.name(), firstByName, problems);
            switch (d) {
                case DeviceSpec.Timer t when t.period().isNegative() || t.period().isZero() ->
                        problems.add(new SpecProblem(path + ".period", "a timer's period must be positive, got " + Units.duration(t.period())));
                case DeviceSpec.Nic n when n.port() < 0 || n.port() > 65_535 ->
                        problems.add(new SpecProblem(path + ".port", "port %d is not in [0, 65535] (0: any free port)".formatted(n.port())));
                case DeviceSpec.Nic n when !DeviceSpec.Nic.RESP.equals(n.protocol()) ->
                        problems.add(new SpecProblem(path + ".protocol", "unknown protocol '%s' (known: %s)".formatted(n.protocol(), DeviceSpec.Nic.RESP)));
                case DeviceSpec.Block b when b.size() < 0 ->
                        problems.add(new SpecProblem(path + ".size", "a block device's size must not be negative"));
                case DeviceSpec.Block b when b.size() == 0 && !java.nio.file.Files.isRegularFile(b.file()) ->
                        problems.add(new SpecProblem(path + ".file", ("file %s does not exist (give a size to have it "
                                + "created)").formatted(b.file())));
                default -> {
                }
            }
        }
        var ownerOf = new HashMap<String, String>();
        for (int i = 0; i < spec.sandboxes().size(); i++) {
            SandboxSpec s = spec.sandboxes().get(i);
            for (int j = 0; j < s.devices().size(); j++) {
                String device = s.devices().get(j);
                String path = "sandboxes[" + i + "].devices[" + j + "]";
                if (!firstByName.containsKey(device)) {
                    problems.add(new SpecProblem(path, "unknown device '%s' (devices: %s)".formatted(device,
                            firstByName.isEmpty() ? "none are declared under devices:" : someOf(spec.devices().stream().map(DeviceSpec::name).toList()))));
                    continue;
                }
                String owner = ownerOf.putIfAbsent(device, s.name());
                if (owner != null) {
                    problems.add(new SpecProblem(path, ("device '%s' is already owned by sandbox '%s': a device "
                            + "belongs to exactly one sandbox").formatted(device, owner)));
                }
            }
        }
        for (int i = 0; i < spec.devices().size(); i++) {
            String name = spec.devices().get(i).name();
            if (name != null && !ownerOf.containsKey(name) && firstByName.get(name) == i) {
                problems.add(SpecProblem.warning("devices[" + i + "]", ("device '%s' is owned by no sandbox: "
                        + "nothing will drive it (name it in a sandbox's devices)").formatted(name)));
            }
        }
    }

    /**
     * The name of entry {@code i} of {@code list} (a {@code kind}): valid, and not one an earlier entry has;
     * {@code firstByName} holds each name's first index so far.
     */
    private static void checkName(String list, int i, String kind, String name, Map<String, Integer> firstByName,
                                  List<SpecProblem> problems) {
        String path = list + "[" + i + "].name";
        String given = name == null ? "" : name;
        if (!NAME.matcher(given).matches()) {
            problems.add(new SpecProblem(path, ("%s name '%s' is invalid: use lowercase letters, digits, '_' and '-', "
                    + "starting with a letter or digit").formatted(kind, given)));
        }
        Integer first = firstByName.putIfAbsent(given, i);
        if (first != null) {
            problems.add(new SpecProblem(path, "duplicate %s name '%s' (also %s[%d])".formatted(kind, given, list, first)));
        }
    }

    /** A parameter naming a peer: the peer must exist, and a channel must go to it from this sandbox. */
    private static void checkPeer(String path, SandboxSpec sandbox, String param, String peer, SystemSpec spec,
                                  List<SpecProblem> problems) {
        if (spec.sandboxes().stream().noneMatch(s -> peer.equals(s.name()))) {
            problems.add(new SpecProblem(path, "%s names sandbox '%s', which does not exist (sandboxes: %s)".formatted(
                    param, peer, someOf(spec.sandboxes().stream().map(SandboxSpec::name).toList()))));
        } else if (spec.channels().stream().noneMatch(c -> sandbox.name().equals(c.from()) && peer.equals(c.to()))) {
            problems.add(new SpecProblem(path, ("%s sends to '%s', but no channel goes from '%s' to '%s' "
                    + "(add {from: %s, to: %s} to channels)").formatted(sandbox.app(), peer, sandbox.name(), peer,
                    sandbox.name(), peer)));
        }
    }

    /** Each app's rules across all the sandboxes that run it: warnings, at the sandbox (and parameter) they name. */
    private static void checkAppRules(SystemSpec spec, AppRegistry apps, List<SpecProblem> problems) {
        var index = new HashMap<String, Integer>();
        for (int i = 0; i < spec.sandboxes().size(); i++) {
            index.put(spec.sandboxes().get(i).name(), i);
        }
        for (String name : apps.names()) {
            var uses = spec.sandboxes().stream().filter(s -> name.equals(s.app()))
                    .map(s -> new AppCheck.Use(s.name(), s.params())).toList();
            if (uses.isEmpty()) {
                continue;
            }
            for (var w : apps.find(name).orElseThrow().check().check(uses)) {
                String path = "sandboxes[" + index.get(w.sandbox()) + "]" + (w.param() == null ? "" : ".params." + w.param());
                problems.add(SpecProblem.warning(path, w.message()));
            }
        }
    }

    private static void checkChannels(SystemSpec spec, List<SpecProblem> problems) {
        var names = new LinkedHashSet<String>();
        spec.sandboxes().forEach(s -> names.add(s.name()));
        record Pair(String from, String to) {
        }
        var firstByPair = new HashMap<Pair, Integer>();
        var channels = spec.channels();
        for (int i = 0; i < channels.size(); i++) {
            var channel = channels.get(i);
            String path = "channels[" + i + "]";
            checkEndpoint(path + ".from", channel.from(), names, problems);
            checkEndpoint(path + ".to", channel.to(), names, problems);
            if (channel.from() != null && channel.from().equals(channel.to())) {
                problems.add(new SpecProblem(path + ".to",
                        "a channel from '%s' to itself is not allowed".formatted(channel.from())));
            }
            Integer first = firstByPair.putIfAbsent(new Pair(channel.from(), channel.to()), i);
            if (first != null) {
                problems.add(new SpecProblem(path, "duplicate channel from '%s' to '%s' (also channels[%d])"
                        .formatted(channel.from(), channel.to(), first)));
            }
            if (channel.capacity() < 1 || channel.capacity() > MAX_CHANNEL_CAPACITY) {
                problems.add(new SpecProblem(path + ".capacity", "capacity must be between 1 and %d messages, got %d"
                        .formatted(MAX_CHANNEL_CAPACITY, channel.capacity())));
            }
            if (channel.slotBytes() < 0 || channel.slotBytes() > FrameDescriptor.MAX_SLOT_BYTES) {
                problems.add(new SpecProblem(path + ".slotSize", "slot size must be between 0 and %s, got %d bytes"
                        .formatted(Units.size(FrameDescriptor.MAX_SLOT_BYTES), channel.slotBytes())));
            }
        }
    }

    /** The first few names, and how many more: a message names what it needs, not a thousand sandboxes. */
    static String someOf(Collection<String> names) {
        int shown = 10;
        String first = names.stream().limit(shown).collect(Collectors.joining(", "));
        return names.size() <= shown ? first : first + " and " + (names.size() - shown) + " more";
    }

    private static void checkEndpoint(String path, String name, Set<String> names, List<SpecProblem> problems) {
        if (!names.contains(name)) {
            problems.add(new SpecProblem(path, "unknown sandbox '%s' (sandboxes: %s)".formatted(name, someOf(names))));
        }
    }

    private static void checkDetection(SystemSpec spec, HostLimits host, List<SpecProblem> problems) {
        var detection = spec.detection();
        checkPositive("detection.heartbeatTimeout", "heartbeat timeout", detection.heartbeatTimeout(), problems);
        checkPositive("detection.scrubPeriod", "scrub period", detection.scrubPeriod(), problems);
        checkPositive("detection.driverTimeout", "driver timeout", detection.driverTimeout(), problems);
        Duration floor = minHeartbeatTimeout(spec.sandboxes().size(), host.cpus());
        if (detection.heartbeatTimeout() != null && detection.heartbeatTimeout().isPositive()
                && detection.heartbeatTimeout().compareTo(floor) < 0) {
            problems.add(new SpecProblem("detection.heartbeatTimeout", ("heartbeat timeout %s is shorter than "
                    + "this host can honour for %d sandboxes on %d CPUs: at least %s (busy kernels take turns on "
                    + "the CPUs, about %s each), or healthy kernels would be declared hung").formatted(
                    Units.duration(detection.heartbeatTimeout()), spec.sandboxes().size(), host.cpus(), Units.duration(floor),
                    Units.duration(HEARTBEAT_PER_KERNEL_PER_CPU))));
        }
    }

    /**
     * What the system will take of the host: off the heap, each partition twice (the two backings every sandbox
     * owns for the chip's life: the one its running incarnation maps and a zeroed spare; a retired incarnation's
     * is one of the two, never a third) and every channel's frame region once; on the heap, every channel's
     * queue and frame tokens.
     */
    private static void checkFootprint(SystemSpec spec, HostLimits host, List<SpecProblem> problems) {
        long partitions = spec.sandboxes().stream().mapToLong(SandboxSpec::memoryBytes).sum();
        long frames = spec.channels().stream().mapToLong(c -> PartitionLayout.channelRegionBytes(spec.chip(), c)).sum();
        long offHeap = 2 * partitions + frames;
        long offHeapLimit = (long) (MEMORY_SHARE * host.freeMemoryBytes());
        if (offHeap > offHeapLimit) {
            problems.add(new SpecProblem("sandboxes", ("the partitions and channel frames need %s of host memory "
                    + "(each sandbox's partition twice, for the backing its running incarnation maps and a zeroed "
                    + "spare, and %s of frames), more than the %s this host can "
                    + "spare (%d%% of its %s free)").formatted(Units.size(offHeap), Units.size(frames),
                    Units.size(offHeapLimit), Math.round(100 * MEMORY_SHARE), Units.size(host.freeMemoryBytes()))));
        }
        long heap = spec.channels().stream().mapToLong(c -> Channel.heapBytes(c.capacity())).sum();
        long heapLimit = (long) (HEAP_SHARE * host.maxHeapBytes());
        if (heap > heapLimit) {
            problems.add(new SpecProblem("channels", ("the channels' queues need %s of heap, more than %d%% of this "
                    + "JVM's maximum heap (%s): lower their capacity, or give the JVM more heap "
                    + "(BULWARK_JAVA_OPTS=-Xmx...)").formatted(Units.size(heap), Math.round(100 * HEAP_SHARE), Units.size(host.maxHeapBytes()))));
        }
    }

    /**
     * Warnings about the cores' threads on the host: busy-spinning cores (idle: spin) need a host CPU each, or
     * they starve each other (kernels crawl, and a starved one may be judged hung); pinned cores (pin) share
     * the CPUs this process may use round-robin, the k-th core that runs a sandbox on the k-th CPU, so say how
     * many share each.
     */
    private static void checkCoreThreads(SystemSpec spec, HostLimits host, List<SpecProblem> problems) {
        int cores = spec.sandboxes().size(); // one sandbox per core
        if (spec.chip().idle() == IdleMode.SPIN && cores > host.cpus()) {
            problems.add(SpecProblem.warning("chip.idle", ("idle: spin busy-spins each core that runs a sandbox on "
                    + "a host CPU of its own, but %d cores run sandboxes on %s: the spinning cores will "
                    + "starve each other, so kernels crawl, waiting for time slices, and one starved past the heartbeat "
                    + "check's grace is judged hung (use idle: backoff, or at most %d sandboxes)").formatted(cores,
                    cpus(host.cpus()), host.cpus())));
        }
        int allowed = Math.max(1, host.allowedCpus());
        if (spec.chip().pin() && cores > allowed) {
            int fewest = cores / allowed;
            int most = Math.ceilDiv(cores, allowed);
            problems.add(SpecProblem.warning("chip.pin", ("%d cores run sandboxes and this process may use %s: "
                    + "pinned round-robin, %s cores share each CPU").formatted(cores, cpus(allowed),
                    fewest == most ? String.valueOf(most) : fewest + " or " + most)));
        }
    }

    /** {@code 1 core: 0}, {@code 8 cores: 0-7}. */
    static String coreRange(int cores) {
        return cores == 1 ? "1 core: 0" : cores + " cores: 0-" + (cores - 1);
    }

    private static String cpus(int n) {
        return n == 1 ? "1 host CPU" : n + " host CPUs";
    }

    /**
     * A chain of at least one scheme, each named once (each has its own intensity window: a scheme named twice
     * would only double its limit), a restart intensity, and a backoff of {@code 0 < min <= max}, or none.
     */
    private static void checkRecovery(String path, RecoverySpec recovery, List<SpecProblem> problems) {
        var schemes = recovery.schemes();
        if (schemes.isEmpty()) {
            problems.add(new SpecProblem(path + ".schemes", "the chain of schemes is empty: name at least one (known: "
                    + Scheme.knownNames() + ")"));
        }
        for (int i = 0; i < schemes.size(); i++) {
            int first = schemes.indexOf(schemes.get(i));
            if (first < i) {
                problems.add(new SpecProblem(path + ".schemes[" + i + "]", ("scheme '%s' is already in the chain "
                        + "(schemes[%d]): each scheme has its own restart intensity; raise maxRestarts instead")
                        .formatted(schemes.get(i).configName(), first)));
            }
        }
        if (recovery.maxRestarts() < 0) {
            problems.add(new SpecProblem(path + ".maxRestarts",
                    "maxRestarts must not be negative, got " + recovery.maxRestarts()));
        }
        checkPositive(path + ".within", "restart window", recovery.within(), problems);
        Backoff backoff = recovery.backoff();
        if (!backoff.equals(Backoff.NONE)) {
            if (backoff.min().isNegative() || backoff.min().isZero()) {
                problems.add(new SpecProblem(path + ".backoff", "backoff minimum must be positive, got "
                        + Units.duration(backoff.min()) + " (leave backoff out for none)"));
            } else if (backoff.min().compareTo(backoff.max()) > 0) {
                problems.add(new SpecProblem(path + ".backoff", "backoff minimum %s is more than its maximum %s"
                        .formatted(Units.duration(backoff.min()), Units.duration(backoff.max()))));
            }
        }
    }

    /** Spare cores: on the chip, each once, and none a sandbox's configured core. */
    private static void checkSpareCores(SystemSpec spec, boolean coresValid, List<SpecProblem> problems) {
        var spares = spec.chip().spareCores();
        int cores = spec.chip().cores();
        for (int i = 0; i < spares.size(); i++) {
            int core = spares.get(i);
            String path = "chip.spareCores[" + i + "]";
            int first = spares.indexOf(core);
            if (first < i) {
                problems.add(new SpecProblem(path, "spare core %d is already listed (chip.spareCores[%d])".formatted(core, first)));
            } else if (coresValid && (core < 0 || core >= cores)) {
                problems.add(new SpecProblem(path, "spare core %d does not exist (the chip has %s)".formatted(core,
                        coreRange(cores))));
            }
            for (int s = 0; s < spec.sandboxes().size(); s++) {
                SandboxSpec sandbox = spec.sandboxes().get(s);
                if (sandbox.core() == core) {
                    problems.add(new SpecProblem(path, ("spare core %d is sandbox '%s''s core (sandboxes[%d].core): a "
                            + "spare is a core no sandbox is configured on").formatted(core, sandbox.name(), s)));
                }
            }
        }
    }

    /**
     * Groups: unique valid names, at least one member, each member a sandbox of the spec and in no other group
     * (nor twice in this one), a strategy, and a valid recovery.
     */
    private static void checkGroups(SystemSpec spec, List<SpecProblem> problems) {
        var sandboxes = new LinkedHashSet<String>();
        spec.sandboxes().forEach(s -> sandboxes.add(s.name()));
        var firstByName = new HashMap<String, Integer>();
        var groupOf = new HashMap<String, Integer>();
        for (int i = 0; i < spec.groups().size(); i++) {
            GroupSpec group = spec.groups().get(i);
            String path = "groups[" + i + "]";
            checkName("groups", i, "group", group.name(), firstByName, problems);
            if (group.members().isEmpty()) {
                problems.add(new SpecProblem(path + ".members", "a group needs at least one member"));
            }
            for (int m = 0; m < group.members().size(); m++) {
                String member = group.members().get(m);
                String memberPath = path + ".members[" + m + "]";
                if (!sandboxes.contains(member)) {
                    problems.add(new SpecProblem(memberPath, "unknown sandbox '%s' (sandboxes: %s)".formatted(member,
                            someOf(sandboxes))));
                    continue;
                }
                Integer other = groupOf.putIfAbsent(member, i);
                if (other != null) {
                    problems.add(new SpecProblem(memberPath, ("sandbox '%s' is already a member of group '%s' "
                            + "(groups[%d]): a sandbox has one supervisor").formatted(member,
                            spec.groups().get(other).name(), other)));
                }
            }
            if (group.recovery() != null) {
                checkRecovery(path + ".recovery", group.recovery(), problems);
            }
        }
    }

    private static void checkPositive(String path, String what, Duration duration, List<SpecProblem> problems) {
        if (duration == null) {
            problems.add(new SpecProblem(path, what + " is missing"));
        } else if (duration.isNegative() || duration.isZero()) {
            problems.add(new SpecProblem(path, what + " must be positive, got " + duration.toNanos() + "ns"));
        }
    }
}
