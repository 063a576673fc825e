package dev.bulwark.cli.config;

import dev.bulwark.monitor.spec.ChannelSpec;
import dev.bulwark.monitor.spec.ChipSpec;
import dev.bulwark.hw.device.DeviceKind;
import dev.bulwark.monitor.spec.DetectionSpec;
import dev.bulwark.monitor.spec.DeviceSpec;
import dev.bulwark.monitor.policy.Backoff;
import dev.bulwark.monitor.policy.Redundant;
import dev.bulwark.monitor.policy.Rollback;
import dev.bulwark.monitor.policy.Scheme;
import dev.bulwark.monitor.policy.Standby;
import dev.bulwark.monitor.policy.Strategy;
import dev.bulwark.monitor.spec.GroupSpec;
import dev.bulwark.monitor.spec.IdleMode;
import dev.bulwark.monitor.spec.RecoverySpec;
import dev.bulwark.monitor.spec.SandboxSpec;
import dev.bulwark.monitor.spec.SystemSpec;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns a composed YAML document into a {@link SystemSpec}, checking its structure (keys, types, required
 * values, units) and filling in defaults. Every structural problem goes to the {@link Diagnostics}; the
 * meaning of the values is left to the monitor's validator.
 */
final class SpecReader {
    private static final List<String> ROOT_KEYS =
            List.of("chip", "devices", "sandboxes", "channels", "groups", "detection", "recovery");
    private static final List<String> CHIP_KEYS = List.of("cores", "memory", "pageSize", "pin", "idle", "spareCores");
    private static final List<String> SANDBOX_KEYS =
            List.of("name", "core", "memory", "base", "app", "params", "recovery", "devices");
    /** Every device key; which belong to which kind is {@link #DEVICE_KEYS_BY_KIND}. */
    private static final List<String> DEVICE_KEYS = List.of("name", "kind", "host", "port", "protocol", "file", "size", "period");
    private static final Map<DeviceKind, List<String>> DEVICE_KEYS_BY_KIND = Map.of(
            DeviceKind.CONSOLE, List.of("name", "kind"),
            DeviceKind.TIMER, List.of("name", "kind", "period"),
            DeviceKind.NIC, List.of("name", "kind", "host", "port", "protocol"),
            DeviceKind.BLOCK, List.of("name", "kind", "file", "size"));
    private static final List<String> CHANNEL_KEYS = List.of("from", "to", "capacity", "slotSize");
    private static final List<String> DETECTION_KEYS = List.of("heartbeatTimeout", "scrubPeriod", "driverTimeout");
    private static final List<String> RECOVERY_KEYS = List.of("scheme", "schemes", "maxRestarts", "within", "backoff",
            Rollback.NAME, Standby.NAME, Redundant.NAME);
    private static final List<String> ROLLBACK_KEYS = List.of("epoch");
    private static final List<String> STANDBY_KEYS = List.of("core", "mode");
    private static final List<String> REDUNDANT_KEYS = List.of("copies", "cores");
    private static final List<String> GROUP_KEYS = List.of("name", "members", "strategy", "recovery");

    private final Diagnostics diagnostics;
    /** Where relative file paths are taken from: the config file's folder. */
    private final Path folder;

    SpecReader(Diagnostics diagnostics, Path folder) {
        this.diagnostics = diagnostics;
        this.folder = folder;
    }

    /** The spec {@code root} describes; empty when it has structural problems (all reported). */
    Optional<SystemSpec> read(Node root) {
        diagnostics.mark("", root);
        int problemsBefore = diagnostics.problemCount();
        var map = YamlMap.read(root, "", ROOT_KEYS, diagnostics);
        if (map.isEmpty()) {
            return Optional.empty();
        }
        var yaml = map.get();
        ChipSpec chip = yaml.required("chip").map(this::chip).orElse(null);
        RecoverySpec recovery = yaml.optional("recovery")
                .map(node -> recovery(node, "recovery", RecoverySpec.DEFAULT))
                .orElse(RecoverySpec.DEFAULT);
        List<SandboxSpec> sandboxes = yaml.required("sandboxes")
                .map(node -> list(node, "sandboxes", (element, path) -> sandbox(element, path, recovery)))
                .orElse(List.of());
        List<ChannelSpec> channels = yaml.optional("channels")
                .map(node -> list(node, "channels", this::channel))
                .orElse(List.of());
        DetectionSpec detection = yaml.optional("detection").map(this::detection).orElse(DetectionSpec.DEFAULT);
        List<DeviceSpec> devices = yaml.optional("devices")
                .map(node -> list(node, "devices", this::device))
                .orElse(List.of());
        List<GroupSpec> groups = yaml.optional("groups")
                .map(node -> list(node, "groups", (element, path) -> group(element, path, recovery)))
                .orElse(List.of());
        if (diagnostics.problemCount() > problemsBefore) {
            return Optional.empty();
        }
        return Optional.of(new SystemSpec(chip, sandboxes, channels, detection, recovery, devices, groups));
    }

    private ChipSpec chip(Node node) {
        return YamlMap.read(node, "chip", CHIP_KEYS, diagnostics).map(chip -> new ChipSpec(
                chip.required("cores").map(n -> integer(n, chip.path("cores"))).orElse(0),
                chip.required("memory").map(n -> size(n, chip.path("memory"))).orElse(0L),
                chip.optional("pageSize").map(n -> intSize(n, chip.path("pageSize")))
                        .orElse(ChipSpec.DEFAULT_PAGE_BYTES),
                chip.optional("pin").map(n -> flag(n, chip.path("pin"))).orElse(false),
                chip.optional("idle").map(n -> idleMode(n, chip.path("idle"))).orElse(IdleMode.BACKOFF),
                chip.optional("spareCores").map(n -> list(n, chip.path("spareCores"), this::integer)).orElse(List.of())))
                .orElse(null);
    }

    private SandboxSpec sandbox(Node node, String path, RecoverySpec defaultRecovery) {
        return YamlMap.read(node, path, SANDBOX_KEYS, diagnostics).map(sandbox -> new SandboxSpec(
                sandbox.required("name").map(n -> text(n, sandbox.path("name"))).orElse(null),
                sandbox.required("core").map(n -> integer(n, sandbox.path("core"))).orElse(0),
                sandbox.required("memory").map(n -> size(n, sandbox.path("memory"))).orElse(0L),
                sandbox.optional("base").map(n -> size(n, sandbox.path("base"))).orElse(null),
                sandbox.required("app").map(n -> text(n, sandbox.path("app"))).orElse(null),
                sandbox.optional("params").map(n -> params(n, sandbox.path("params"))).orElse(Map.of()),
                sandbox.optional("recovery").map(n -> recovery(n, sandbox.path("recovery"), defaultRecovery))
                        .orElse(null),
                sandbox.optional("devices").map(n -> list(n, sandbox.path("devices"), this::text)).orElse(List.of())))
                .orElse(null);
    }

    private ChannelSpec channel(Node node, String path) {
        return YamlMap.read(node, path, CHANNEL_KEYS, diagnostics).map(channel -> new ChannelSpec(
                channel.required("from").map(n -> text(n, channel.path("from"))).orElse(null),
                channel.required("to").map(n -> text(n, channel.path("to"))).orElse(null),
                channel.optional("capacity").map(n -> integer(n, channel.path("capacity")))
                        .orElse(ChannelSpec.DEFAULT_CAPACITY),
                channel.optional("slotSize").map(n -> intSize(n, channel.path("slotSize")))
                        .orElse(ChannelSpec.DEFAULT_SLOT_BYTES)))
                .orElse(null);
    }

    /** One device: {@code kind} says which keys it takes; the others are refused at their position. */
    private DeviceSpec device(Node node, String path) {
        return YamlMap.read(node, path, DEVICE_KEYS, diagnostics).map(device -> {
            String name = device.required("name").map(n -> text(n, device.path("name"))).orElse(null);
            DeviceKind kind = device.required("kind").map(n -> deviceKind(n, device.path("kind"))).orElse(null);
            if (kind == null) {
                return null;
            }
            for (String key : DEVICE_KEYS) {
                if (!DEVICE_KEYS_BY_KIND.get(kind).contains(key)) {
                    device.optional(key).ifPresent(n -> diagnostics.error(n, device.path(key), "'%s' is not a setting of a %s device (it takes: %s)"
                            .formatted(key, kind.configName(), String.join(", ", DEVICE_KEYS_BY_KIND.get(kind)))));
                }
            }
            return (DeviceSpec) switch (kind) {
                case CONSOLE -> new DeviceSpec.Console(name);
                case TIMER -> new DeviceSpec.Timer(name, device.required("period")
                        .map(n -> duration(n, device.path("period"))).orElse(Duration.ZERO));
                case NIC -> new DeviceSpec.Nic(name,
                        device.optional("host").map(n -> text(n, device.path("host"))).orElse(DeviceSpec.Nic.DEFAULT_HOST),
                        device.required("port").map(n -> integer(n, device.path("port"))).orElse(0),
                        device.optional("protocol").map(n -> text(n, device.path("protocol"))).orElse(DeviceSpec.Nic.RESP));
                case BLOCK -> new DeviceSpec.Block(name,
                        device.required("file").map(n -> text(n, device.path("file"))).map(folder::resolve)
                                .map(Path::normalize).orElse(folder),
                        device.optional("size").map(n -> size(n, device.path("size"))).orElse(0L));
            };
        }).orElse(null);
    }

    private DeviceKind deviceKind(Node node, String path) {
        return scalar(node, path, "a device kind", text -> Arrays.stream(DeviceKind.values())
                .filter(kind -> kind.configName().equals(text))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown device kind '%s' (available: %s)".formatted(text,
                        Arrays.stream(DeviceKind.values()).map(DeviceKind::configName).collect(Collectors.joining(", "))))));
    }

    private DetectionSpec detection(Node node) {
        var defaults = DetectionSpec.DEFAULT;
        return YamlMap.read(node, "detection", DETECTION_KEYS, diagnostics).map(detection -> new DetectionSpec(
                detection.optional("heartbeatTimeout")
                        .map(n -> duration(n, detection.path("heartbeatTimeout")))
                        .orElse(defaults.heartbeatTimeout()),
                detection.optional("scrubPeriod").map(n -> duration(n, detection.path("scrubPeriod")))
                        .orElse(defaults.scrubPeriod()),
                detection.optional("driverTimeout").map(n -> duration(n, detection.path("driverTimeout")))
                        .orElse(null)))
                .map(d -> d.driverTimeout() != null ? d
                        : new DetectionSpec(d.heartbeatTimeout(), d.scrubPeriod()))
                .orElse(defaults);
    }

    /** A {@code recovery} section; the keys it leaves out are {@code defaults}' (the top-level section's). */
    private RecoverySpec recovery(Node node, String path, RecoverySpec defaults) {
        return YamlMap.read(node, path, RECOVERY_KEYS, diagnostics).map(recovery -> new RecoverySpec(
                schemes(recovery, defaults.schemes()),
                recovery.optional("maxRestarts").map(n -> integer(n, recovery.path("maxRestarts")))
                        .orElse(defaults.maxRestarts()),
                recovery.optional("within").map(n -> duration(n, recovery.path("within")))
                        .orElse(defaults.within()),
                recovery.optional("backoff").map(n -> backoff(n, recovery.path("backoff")))
                        .orElse(defaults.backoff())))
                .orElse(defaults);
    }

    /**
     * The chain: {@code schemes: [microreboot, restart]}, or today's {@code scheme: restart} as a chain of one; not
     * both. A scheme with settings ({@link Scheme#CONFIGURED}) takes them from the block of its name in this section
     * ({@code rollback: {epoch: 5ms}}), else from the same scheme in {@code defaults}' chain; a block for a scheme the
     * chain does not name is a mistake, reported.
     */
    private List<Scheme> schemes(YamlMap recovery, List<Scheme> defaults) {
        var one = recovery.optional("scheme");
        var chain = recovery.optional("schemes");
        if (one.isPresent() && chain.isPresent()) {
            diagnostics.error(chain.get(), recovery.path("schemes"),
                    "give either scheme (one) or schemes (a chain, first tried first), not both");
            return defaults;
        }
        var settings = new LinkedHashMap<String, Scheme>();
        for (Scheme s : defaults) {
            settings.put(s.configName(), s);
        }
        var written = new ArrayList<String>(); // the blocks given here, read or not (a bad one is reported once)
        for (String block : Scheme.CONFIGURED) {
            recovery.optional(block).ifPresent(n -> {
                written.add(block);
                settings.remove(block);
                Scheme read = switch (block) {
                    case Rollback.NAME -> rollback(n, recovery.path(block));
                    case Standby.NAME -> standby(n, recovery.path(block));
                    default -> redundant(n, recovery.path(block));
                };
                if (read != null) {
                    settings.put(block, read);
                }
            });
        }
        var named = new ArrayList<String>();
        ElementReader<Scheme> reader = (node, path) -> {
            String text = text(node, path);
            if (text != null) {
                named.add(text);
            }
            return text == null ? null : scheme(node, path, text, settings, written.contains(text));
        };
        List<Scheme> schemes = one.map(n -> reader.read(n, recovery.path("scheme"))).map(List::<Scheme>of)
                .or(() -> chain.map(n -> list(n, recovery.path("schemes"), reader)))
                .orElseGet(() -> {
                    defaults.forEach(d -> named.add(d.configName()));
                    return defaults.stream().map(d -> settings.getOrDefault(d.configName(), d)).toList();
                });
        for (String block : written) {
            if (!named.contains(block)) {
                diagnostics.error(recovery.optional(block).orElseThrow(), recovery.path(block),
                        "%s settings are given but the chain does not name %s (schemes: %s)".formatted(block, block, named));
            }
        }
        return schemes;
    }

    /**
     * The scheme {@code text} names in the chain: one its name makes, or one whose settings {@code settings} holds;
     * null, with a problem unless its own block was bad ({@code blockWritten}: reported already), if neither.
     */
    private Scheme scheme(Node node, String path, String text, Map<String, Scheme> settings, boolean blockWritten) {
        var simple = Scheme.named(text);
        if (simple.isPresent()) {
            return simple.get();
        }
        if (!Scheme.CONFIGURED.contains(text)) {
            diagnostics.error(node, path, "unknown scheme '%s' (available: %s)".formatted(text, Scheme.knownNames()));
            return null;
        }
        Scheme configured = settings.get(text);
        if (configured == null && !blockWritten) {
            diagnostics.error(node, path, "scheme %s needs its settings beside the chain: %s".formatted(text,
                    switch (text) {
                        case Rollback.NAME -> "rollback: {epoch: 5ms}";
                        case Standby.NAME -> "standby: {core: 5, mode: warm}";
                        default -> "redundant: {copies: 2, cores: [1, 4]}";
                    }));
        }
        return configured;
    }

    /** {@code rollback: {epoch: 5ms}}. */
    private Scheme rollback(Node node, String path) {
        return YamlMap.read(node, path, ROLLBACK_KEYS, diagnostics)
                .flatMap(map -> map.required("epoch").map(n -> duration(n, map.path("epoch"))))
                .map(Rollback::new).orElse(null);
    }

    /** {@code standby: {core: 5, mode: warm}}; the mode is warm unless given. */
    private Scheme standby(Node node, String path) {
        return YamlMap.read(node, path, STANDBY_KEYS, diagnostics).map(map -> {
            Integer core = map.required("core").map(n -> integer(n, map.path("core"))).orElse(null);
            Standby.Mode mode = map.optional("mode").map(n -> scalar(n, map.path("mode"), "a standby mode",
                    text -> Arrays.stream(Standby.Mode.values()).filter(m -> m.configName().equals(text)).findFirst()
                            .orElseThrow(() -> new IllegalArgumentException("unknown standby mode '%s' (available: %s)"
                                    .formatted(text, Arrays.stream(Standby.Mode.values()).map(Standby.Mode::configName)
                                            .collect(Collectors.joining(", "))))))).orElse(Standby.Mode.WARM);
            return core == null || mode == null ? null : (Scheme) new Standby(core, mode);
        }).orElse(null);
    }

    /** {@code redundant: {copies: 2, cores: [1, 4]}}. */
    private Scheme redundant(Node node, String path) {
        return YamlMap.read(node, path, REDUNDANT_KEYS, diagnostics).map(map -> {
            Integer copies = map.required("copies").map(n -> integer(n, map.path("copies"))).orElse(null);
            List<Integer> cores = map.required("cores").map(n -> list(n, map.path("cores"), this::integer)).orElse(null);
            return copies == null || cores == null ? null : (Scheme) new Redundant(copies, cores);
        }).orElse(null);
    }

    /** {@code MIN..MAX}, two durations: {@code 10ms..1s}. */
    private Backoff backoff(Node node, String path) {
        return scalar(node, path, "a backoff", text -> {
            String[] bounds = text.split("\\.\\.", -1);
            if (bounds.length != 2) {
                throw new IllegalArgumentException("expected a backoff as MIN..MAX (10ms..1s), got '%s'".formatted(text));
            }
            return new Backoff(Quantities.parseDuration(bounds[0]), Quantities.parseDuration(bounds[1]));
        });
    }

    /** A group: the keys its {@code recovery} leaves out are {@code defaultRecovery}'s. */
    private GroupSpec group(Node node, String path, RecoverySpec defaultRecovery) {
        return YamlMap.read(node, path, GROUP_KEYS, diagnostics).map(group -> new GroupSpec(
                group.required("name").map(n -> text(n, group.path("name"))).orElse(null),
                group.required("members").map(n -> list(n, group.path("members"), this::text)).orElse(List.of()),
                group.optional("strategy").map(n -> strategy(n, group.path("strategy"))).orElse(Strategy.ONE_FOR_ONE),
                group.optional("recovery").map(n -> recovery(n, group.path("recovery"), defaultRecovery)).orElse(null)))
                .orElse(null);
    }

    private Strategy strategy(Node node, String path) {
        return scalar(node, path, "a strategy", text -> Strategy.named(text).orElseThrow(() -> new IllegalArgumentException(
                "unknown strategy '%s' (available: %s)".formatted(text, Strategy.knownNames()))));
    }

    private IdleMode idleMode(Node node, String path) {
        return scalar(node, path, "an idle mode", text -> Arrays.stream(IdleMode.values())
                .filter(mode -> mode.configName().equals(text))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown idle mode '%s' (available: %s)".formatted(text,
                        Arrays.stream(IdleMode.values()).map(IdleMode::configName).collect(Collectors.joining(", "))))));
    }

    private Map<String, String> params(Node node, String path) {
        if (!(node instanceof MappingNode mapping)) {
            diagnostics.error(node, path, "expected a map of parameters, got " + YamlMap.describe(node));
            return Map.of();
        }
        var params = new LinkedHashMap<String, String>();
        for (var tuple : mapping.getValue()) {
            String key = text(tuple.getKeyNode(), path);
            if (key == null) {
                continue;
            }
            String keyPath = path + "." + key;
            if (params.containsKey(key)) {
                diagnostics.error(tuple.getKeyNode(), keyPath, "duplicate parameter '%s'".formatted(key));
                continue;
            }
            diagnostics.mark(keyPath, tuple.getValueNode());
            String value = text(tuple.getValueNode(), keyPath);
            if (value != null) {
                params.put(key, value);
            }
        }
        return params;
    }

    /**
     * Reads each element of the list at {@code node}, recording each element's position. An element that does
     * not read (null, its problem reported) is left out, so the list can go into a spec record as it is.
     */
    private <T> List<T> list(Node node, String path, ElementReader<T> reader) {
        if (!(node instanceof SequenceNode sequence)) {
            diagnostics.error(node, path, "expected a list, got " + YamlMap.describe(node));
            return List.of();
        }
        var elements = new ArrayList<T>();
        List<Node> nodes = sequence.getValue();
        for (int i = 0; i < nodes.size(); i++) {
            String elementPath = path + "[" + i + "]";
            diagnostics.mark(elementPath, nodes.get(i));
            T element = reader.read(nodes.get(i), elementPath);
            if (element != null) {
                elements.add(element);
            }
        }
        return elements;
    }

    @FunctionalInterface
    private interface ElementReader<T> {
        T read(Node node, String path);
    }

    /** A scalar's text (numbers and booleans as written); null, with a problem, for anything else. */
    private String text(Node node, String path) {
        if (node instanceof ScalarNode scalar && !YamlMap.isNull(scalar)) {
            return scalar.getValue();
        }
        diagnostics.error(node, path, "expected a single value, got " + YamlMap.describe(node));
        return null;
    }

    private Integer integer(Node node, String path) {
        return scalar(node, path, "an integer", text -> {
            try {
                return Integer.valueOf(text.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected an integer, got '%s'".formatted(text));
            }
        });
    }

    /** {@code true} or {@code false}, as written (YAML 1.1's yes/no/on/off are not taken). */
    private Boolean flag(Node node, String path) {
        return scalar(node, path, "true or false", text -> switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("expected true or false, got '%s'".formatted(text));
        });
    }

    private Long size(Node node, String path) {
        return scalar(node, path, "a size", Quantities::parseSize);
    }

    private Integer intSize(Node node, String path) {
        Long bytes = size(node, path);
        if (bytes != null && bytes > Integer.MAX_VALUE) {
            diagnostics.error(node, path, "size of %d bytes is too large (at most %d)".formatted(
                    bytes, Integer.MAX_VALUE));
            return null;
        }
        return bytes == null ? null : bytes.intValue();
    }

    private Duration duration(Node node, String path) {
        return scalar(node, path, "a duration", Quantities::parseDuration);
    }

    /** Parses a scalar; null, with a problem positioned at the node, when it is not a scalar or does not parse. */
    private <T> T scalar(Node node, String path, String expected, Function<String, T> parse) {
        if (!(node instanceof ScalarNode scalar) || YamlMap.isNull(scalar)) {
            diagnostics.error(node, path, "expected %s, got %s".formatted(expected, YamlMap.describe(node)));
            return null;
        }
        try {
            return parse.apply(scalar.getValue());
        } catch (IllegalArgumentException e) {
            diagnostics.error(node, path, e.getMessage());
            return null;
        }
    }
}
