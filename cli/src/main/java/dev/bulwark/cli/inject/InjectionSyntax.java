package dev.bulwark.cli.inject;

import dev.bulwark.cli.OptionValues;
import dev.bulwark.hw.device.DeviceKind;
import dev.bulwark.hw.fault.Fault;
import dev.bulwark.hw.fault.FaultKind;
import dev.bulwark.hw.fault.MemoryArea;
import dev.bulwark.monitor.spec.Units;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The words of {@code --inject 'KIND key=value... after=TIME'}, both ways: {@link #parse} reads a value and
 * checks it against the chip's spec, {@link #words} writes a fault the same way, so an event line can be typed
 * back. The kind names are {@link FaultKind#configName()} and its aliases. Each kind takes one target key and
 * its own parameters:
 * <pre>
 * kernel-panic (panic)  sandbox=NAME  site=kernel|app
 * hang                  sandbox=NAME
 * bit-flip              sandbox=NAME  area=kernel|app  offset=BYTE (needs area)  bit=0..7
 * wild-write            sandbox=NAME  distance=BYTES (past the partition's end)
 * core-fail-stop        core=N
 * device-failure        device=NAME   mode=stop|error|corrupt (what that kind of device can do)
 * driver-bug            sandbox=NAME (one that owns a device)  hangs=true|false
 * message-corruption    channel=FROM->TO  bit=0..65535 (of the message's sealed bits, modulo their number)
 * monitor-fault: no target takes it yet
 * </pre>
 * and every one {@code after=TIME}, counted from the moment every sandbox serves. A parameter left out is
 * drawn from the injector's seed. An offset is checked against its area's size once the chip is built
 * ({@link InjectionSchedule#plan}): the kernel's own layout is not part of a spec.
 */
public final class InjectionSyntax {
    static final String AFTER = "after";
    static final String SANDBOX = "sandbox";
    static final String CORE = "core";
    static final String DEVICE = "device";
    static final String CHANNEL = "channel";

    /** The key that names each kind's target; a kind missing here has no target anywhere yet. */
    private static final Map<FaultKind, String> TARGET_KEYS = new EnumMap<>(Map.of(
            FaultKind.KERNEL_PANIC, SANDBOX, FaultKind.HANG, SANDBOX, FaultKind.BIT_FLIP, SANDBOX,
            FaultKind.WILD_WRITE, SANDBOX, FaultKind.DRIVER_BUG, SANDBOX,
            FaultKind.CORE_FAIL_STOP, CORE, FaultKind.DEVICE_FAILURE, DEVICE, FaultKind.MESSAGE_CORRUPTION, CHANNEL));

    /** The parameters of each kind that has any, in the order {@link #words} writes them. */
    private static final Map<FaultKind, List<String>> PARAMETERS = new EnumMap<>(Map.of(
            FaultKind.KERNEL_PANIC, List.of("site"),
            FaultKind.BIT_FLIP, List.of("area", "offset", "bit"),
            FaultKind.WILD_WRITE, List.of("distance"),
            FaultKind.DEVICE_FAILURE, List.of("mode"),
            FaultKind.DRIVER_BUG, List.of("hangs"),
            FaultKind.MESSAGE_CORRUPTION, List.of("bit")));

    /** The farthest a wild write may land past its partition: far beyond any partition, short of overflow. */
    static final long MAX_DISTANCE = 1L << 40;

    private static final Map<String, Fault.Site> SITES = words(Fault.Site.values(), s -> s.name().toLowerCase(Locale.ROOT));
    private static final Map<String, MemoryArea> AREAS =
            words(MemoryArea.values(), a -> a == MemoryArea.KERNEL_DATA ? "kernel" : "app");
    private static final Map<String, Fault.DeviceMode> MODES =
            words(Fault.DeviceMode.values(), m -> m.name().toLowerCase(Locale.ROOT));
    private static final Map<String, Boolean> BOOLEANS = words(new Boolean[] {true, false}, String::valueOf);

    private InjectionSyntax() {
    }

    /**
     * Reads every {@code --inject} value of a run, in the order they will fire: by {@code after}, those at the
     * same time in the order given. {@code duration} is the run's length ({@code null}: until Ctrl-C); an
     * injection must come before its end.
     *
     * @throws BadInjection about the first value that will not do
     */
    public static List<Injection> parse(List<String> typed, ChipTargets chip, Duration duration) {
        List<Injection> injections = new ArrayList<>();
        for (String value : typed) {
            Injection injection = parse(value, chip);
            if (duration != null && injection.after().compareTo(duration) >= 0) {
                throw new BadInjection(value, AFTER + "=" + Units.duration(injection.after()) + " is not before the end of "
                        + "the run (--duration " + Units.duration(duration) + "): give a longer --duration or an earlier after");
            }
            injections.add(injection);
        }
        injections.sort(Comparator.comparing(Injection::after));
        return List.copyOf(injections);
    }

    /**
     * Reads one {@code --inject} value and checks it against {@code chip}.
     *
     * @throws BadInjection saying what is wrong with it
     */
    public static Injection parse(String typed, ChipTargets chip) {
        if (typed.isBlank()) {
            throw new BadInjection(typed, "write a fault kind, its target and when, e.g. 'kernel-panic sandbox=NAME after=2s'");
        }
        List<String> tokens = List.of(typed.strip().split("\\s+"));
        FaultKind kind = FaultKind.named(tokens.getFirst()).orElseThrow(() -> new BadInjection(typed,
                "unknown fault kind '" + tokens.getFirst() + "' (kinds: " + FaultKind.allNames() + ")"));
        String targetKey = TARGET_KEYS.get(kind);
        if (targetKey == null || !chip.anyTakes(kind)) {
            throw new BadInjection(typed, "no target on this chip takes " + kind.configName() + whyNoTarget(kind, chip));
        }
        List<String> parameters = PARAMETERS.getOrDefault(kind, List.of());
        List<String> keys = new ArrayList<>();
        keys.add(targetKey);
        keys.addAll(parameters);
        keys.add(AFTER);
        Map<String, String> given = keyValues(typed, tokens.subList(1, tokens.size()));
        for (String key : given.keySet()) {
            if (!keys.contains(key)) {
                throw new BadInjection(typed, kind.configName() + " takes no key '" + key + "' (it takes: "
                        + String.join(", ", keys) + ")");
            }
        }
        InjectionTarget target = target(typed, kind, targetKey, given.get(targetKey), chip);
        FaultParameters values = new FaultParameters(
                value(typed, given, "site", t -> choice(t, SITES)),
                value(typed, given, "area", t -> choice(t, AREAS)),
                value(typed, given, "offset", t -> OptionValues.wholeNumber(t, 0L, Long.MAX_VALUE)),
                value(typed, given, "bit", t -> OptionValues.wholeNumber(t, 0,
                        kind == FaultKind.MESSAGE_CORRUPTION ? Fault.MessageCorruption.BITS - 1 : 7)),
                value(typed, given, "distance", t -> OptionValues.wholeNumber(t, 0L, MAX_DISTANCE)),
                value(typed, given, "mode", t -> choice(t, MODES)),
                value(typed, given, "hangs", t -> choice(t, BOOLEANS)));
        if (values.offset() != null && values.area() == null) {
            throw new BadInjection(typed, "offset needs area=kernel or area=app: an offset is counted within one area");
        }
        if (values.mode() != null && target instanceof InjectionTarget.DeviceTarget(String device)) {
            DeviceKind deviceKind = chip.devices().get(device);
            if (!deviceKind.failureModes().contains(values.mode())) {
                throw new BadInjection(typed, "a " + deviceKind.configName() + " cannot fail in mode " + word(MODES, values.mode())
                        + " (it can: " + deviceKind.failureModes().stream().map(m -> word(MODES, m)).collect(Collectors.joining(", ")) + ")");
            }
        }
        String after = given.get(AFTER);
        if (after == null) {
            throw new BadInjection(typed, AFTER + "=TIME is missing: when to inject, counted from the moment every "
                    + "sandbox serves (after=2s)");
        }
        Duration at = value(typed, given, AFTER, OptionValues::duration);
        List<String> drawn = parameters.stream().filter(p -> !given.containsKey(p)).toList();
        return new Injection(typed, kind, target, values, drawn, at);
    }

    /**
     * A fault as {@code --inject} writes it, kind and parameters, without target or time:
     * {@code bit-flip area=app offset=812 bit=5}.
     */
    public static String words(Fault fault) {
        String kind = fault.kind().configName();
        return switch (fault) {
            case Fault.KernelPanic(Fault.Site site) -> kind + " site=" + word(SITES, site);
            case Fault.BitFlip(MemoryArea area, long offset, int bit) ->
                    kind + " area=" + word(AREAS, area) + " offset=" + offset + " bit=" + bit;
            case Fault.WildWrite(long distance) -> kind + " distance=" + distance;
            case Fault.DeviceFailure(Fault.DeviceMode mode) -> kind + " mode=" + word(MODES, mode);
            case Fault.DriverBug(boolean hangs) -> kind + " hangs=" + hangs;
            case Fault.MessageCorruption(int bit) -> kind + " bit=" + bit;
            case Fault.Hang h -> kind;
            case Fault.CoreFailStop c -> kind;
            case Fault.MonitorFault m -> kind;
        };
    }

    /** Why no target of {@code chip} takes {@code kind}, after "no target on this chip takes KIND yet". */
    private static String whyNoTarget(FaultKind kind, ChipTargets chip) {
        return switch (kind) {
            case DEVICE_FAILURE -> chip.devices().isEmpty() ? ": it has no devices" : ": it has no device that can fail (a console cannot)";
            case DRIVER_BUG -> ": no sandbox owns a device, so none has a driver";
            case MESSAGE_CORRUPTION -> ": it has no channels";
            default -> " yet: nothing in Bulwark accepts it so far";
        };
    }

    /** The {@code key=value} tokens, each key once. */
    private static Map<String, String> keyValues(String typed, List<String> tokens) {
        Map<String, String> given = new LinkedHashMap<>();
        for (String token : tokens) {
            int eq = token.indexOf('=');
            if (eq <= 0 || eq == token.length() - 1) {
                throw new BadInjection(typed, "'" + token + "' is not key=value");
            }
            if (given.put(token.substring(0, eq), token.substring(eq + 1)) != null) {
                throw new BadInjection(typed, "key '" + token.substring(0, eq) + "' is given twice");
            }
        }
        return given;
    }

    private static InjectionTarget target(String typed, FaultKind kind, String key, String value, ChipTargets chip) {
        return switch (key) {
            case SANDBOX -> {
                List<String> able = chip.sandboxes().stream().filter(s -> chip.takenBySandbox(s).contains(kind)).toList();
                if (value == null) {
                    throw new BadInjection(typed, kind.configName() + " needs sandbox=NAME (" + list("sandboxes", kind, able) + ")");
                }
                if (!chip.sandboxes().contains(value)) {
                    throw new BadInjection(typed, "no sandbox named '" + value + "' (" + list("sandboxes", kind, able) + ")");
                }
                if (!chip.takenBySandbox(value).contains(kind)) { // only a driver bug, today: the sandbox drives no device
                    throw new BadInjection(typed, "sandbox '" + value + "' owns no device, so it has no driver to fail ("
                            + list("sandboxes", kind, able) + ")");
                }
                yield new InjectionTarget.SandboxTarget(value);
            }
            case CORE -> {
                if (value == null) {
                    throw new BadInjection(typed, kind.configName() + " needs core=N (the chip's cores are 0 to " + (chip.cores() - 1) + ")");
                }
                yield new InjectionTarget.CoreTarget(value(typed, Map.of(CORE, value), CORE,
                        t -> OptionValues.wholeNumber(t, 0, chip.cores() - 1)));
            }
            case DEVICE -> {
                List<String> able = chip.failingDevices();
                if (value == null) {
                    throw new BadInjection(typed, kind.configName() + " needs device=NAME (" + list("devices", kind, able) + ")");
                }
                DeviceKind deviceKind = chip.devices().get(value);
                if (deviceKind == null) {
                    throw new BadInjection(typed, "no device named '" + value + "' (" + list("devices", kind, able) + ")");
                }
                if (chip.takenByDevice(value).isEmpty()) {
                    throw new BadInjection(typed, "device '" + value + "' is a " + deviceKind.configName()
                            + ", which cannot fail (" + list("devices", kind, able) + ")");
                }
                yield new InjectionTarget.DeviceTarget(value);
            }
            case CHANNEL -> {
                if (value == null) {
                    throw new BadInjection(typed, kind.configName() + " needs channel=FROM->TO (" + list("channels", kind, chip.channels()) + ")");
                }
                if (chip.takenByChannel(value).isEmpty()) {
                    throw new BadInjection(typed, "no channel named '" + value + "' (" + list("channels", kind, chip.channels()) + ")");
                }
                yield new InjectionTarget.ChannelTarget(value);
            }
            default -> throw new IllegalArgumentException("no target key '" + key + "'");
        };
    }

    /** {@code sandboxes that take driver-bug: front}. */
    private static String list(String what, FaultKind kind, List<String> names) {
        return what + " that take " + kind.configName() + ": " + String.join(", ", names);
    }

    /** The value of {@code key} read by {@code read}, or null if it was not given; a bad one is a {@link BadInjection}. */
    private static <T> T value(String typed, Map<String, String> given, String key, Function<String, T> read) {
        String text = given.get(key);
        if (text == null) {
            return null;
        }
        try {
            return read.apply(text);
        } catch (OptionValues.Problem p) {
            throw new BadInjection(typed, p.about(key));
        }
    }

    /** The value {@code text} names among {@code words}. */
    private static <T> T choice(String text, Map<String, T> words) {
        T value = words.get(text);
        if (value == null) {
            List<String> names = List.copyOf(words.keySet());
            throw OptionValues.Problem.must("be " + String.join(", ", names.subList(0, names.size() - 1)) + " or "
                    + names.getLast(), text);
        }
        return value;
    }

    private static <T> Map<String, T> words(T[] values, Function<T, String> word) {
        Map<String, T> words = new LinkedHashMap<>();
        Arrays.stream(values).forEach(v -> words.put(word.apply(v), v));
        return words;
    }

    private static <T> String word(Map<String, T> words, T value) {
        return words.entrySet().stream().filter(e -> e.getValue().equals(value)).findFirst().orElseThrow().getKey();
    }
}
