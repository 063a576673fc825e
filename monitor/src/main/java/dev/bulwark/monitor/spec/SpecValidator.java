package dev.bulwark.monitor.spec;

import dev.bulwark.sandbox.app.AppRegistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks that a {@link SystemSpec} describes a system the monitor can boot: a sane chip, sandboxes that
 * fit on it without sharing cores or memory, apps that exist and accept their parameters, channels
 * between real sandboxes, and positive detection and recovery settings. Reports every problem it finds,
 * with paths in config-file terms.
 */
public final class SpecValidator {
    /** The most cores a modeled chip may have. */
    public static final int MAX_CORES = 1024;
    /** The smallest page size a modeled chip may have. */
    public static final int MIN_PAGE_BYTES = 64;
    /** The largest capacity a channel may have, in messages. */
    public static final int MAX_CHANNEL_CAPACITY = 1 << 20;

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");

    private SpecValidator() {
    }

    /**
     * Every problem with {@code spec}: chip, then sandboxes, partitions, channels, detection and recovery.
     * An empty list means the spec is valid.
     */
    public static List<SpecProblem> validate(SystemSpec spec, AppRegistry apps) {
        var problems = new ArrayList<SpecProblem>();
        var chip = spec.chip();
        boolean coresValid = checkCores(chip, problems);
        boolean memoryValid = checkChipMemory(chip, problems);
        checkSandboxes(spec, apps, coresValid, problems);
        if (memoryValid) {
            problems.addAll(PartitionLayout.of(chip, spec.sandboxes()).problems());
        }
        checkChannels(spec, problems);
        checkDetection(spec.detection(), problems);
        checkRecovery("recovery", spec.recovery(), problems);
        return List.copyOf(problems);
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
        var layout = PartitionLayout.of(spec.chip(), spec.sandboxes());
        if (!layout.problems().isEmpty()) {
            throw new IllegalArgumentException("cannot place partitions: " + layout.problems());
        }
        return Map.copyOf(layout.bases());
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
                        core, cores == 1 ? "1 core: 0" : cores + " cores: 0-" + (cores - 1))));
            } else {
                String owner = ownerOfCore.putIfAbsent(core, name);
                if (owner != null) {
                    problems.add(new SpecProblem(path + ".core", ("core %d is already used by sandbox '%s': "
                            + "this version runs one sandbox per core").formatted(core, owner)));
                }
            }
            checkApp(path, sandbox, apps, problems);
            if (sandbox.recovery() != null) {
                checkRecovery(path + ".recovery", sandbox.recovery(), problems);
            }
        }
    }

    private static void checkApp(String path, SandboxSpec sandbox, AppRegistry apps, List<SpecProblem> problems) {
        var factory = sandbox.app() == null ? null : apps.find(sandbox.app()).orElse(null);
        if (factory == null) {
            problems.add(new SpecProblem(path + ".app", "unknown app '%s' (%s)".formatted(sandbox.app(),
                    apps.names().isEmpty() ? "no apps are registered" : "known apps: " + String.join(", ", apps.names()))));
            return;
        }
        try {
            factory.create(sandbox.params());
        } catch (IllegalArgumentException e) {
            problems.add(new SpecProblem(path + ".params", "app '%s' rejected its params: %s".formatted(
                    sandbox.app(), e.getMessage() == null ? "no reason given" : e.getMessage())));
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
        }
    }

    private static void checkEndpoint(String path, String name, Set<String> names, List<SpecProblem> problems) {
        if (!names.contains(name)) {
            problems.add(new SpecProblem(path, "unknown sandbox '%s' (sandboxes: %s)".formatted(
                    name, String.join(", ", names))));
        }
    }

    private static void checkDetection(DetectionSpec detection, List<SpecProblem> problems) {
        checkPositive("detection.heartbeatTimeout", "heartbeat timeout", detection.heartbeatTimeout(), problems);
        checkPositive("detection.scrubPeriod", "scrub period", detection.scrubPeriod(), problems);
    }

    private static void checkRecovery(String path, RecoverySpec recovery, List<SpecProblem> problems) {
        if (recovery.scheme() == null) {
            problems.add(new SpecProblem(path + ".scheme", "recovery scheme is missing"));
        }
        if (recovery.maxRestarts() < 0) {
            problems.add(new SpecProblem(path + ".maxRestarts",
                    "maxRestarts must not be negative, got " + recovery.maxRestarts()));
        }
        checkPositive(path + ".within", "restart window", recovery.within(), problems);
    }

    private static void checkPositive(String path, String what, Duration duration, List<SpecProblem> problems) {
        if (duration == null) {
            problems.add(new SpecProblem(path, what + " is missing"));
        } else if (duration.isNegative() || duration.isZero()) {
            problems.add(new SpecProblem(path, what + " must be positive, got " + duration.toNanos() + "ns"));
        }
    }
}
