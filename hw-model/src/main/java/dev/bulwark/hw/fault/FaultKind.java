package dev.bulwark.hw.fault;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The fault kinds of the design brief, one per way a sandbox or its hardware can fail.
 *
 * <h2>Names</h2>
 * Each kind has one name a user types ({@link #configName()}: the constant in kebab case, {@code kernel-panic},
 * {@code core-fail-stop}) and may have short aliases ({@code panic}); {@link #named} reads either. Every
 * command line and report that names a kind goes through these two, so {@code bulwark run --inject} and a
 * drill's {@code --kinds} read and print the same words.
 */
public enum FaultKind {
    /** An exception thrown in kernel or app code. */
    KERNEL_PANIC("panic"),
    /** The kernel stops making progress. */
    HANG,
    /** One bit of a partition flips (kernel data or app data). */
    BIT_FLIP,
    /** A write outside the partition. */
    WILD_WRITE,
    /** The core stops for good. */
    CORE_FAIL_STOP,
    /** A device stops, errors or corrupts data. */
    DEVICE_FAILURE,
    /** A bug in a device driver. */
    DRIVER_BUG,
    /** A message is corrupted in transit. */
    MESSAGE_CORRUPTION,
    /** A fault in the monitor itself. */
    MONITOR_FAULT;

    private final List<String> aliases;

    FaultKind(String... aliases) {
        this.aliases = List.of(aliases);
    }

    /** The name a user types and every report prints: {@code kernel-panic}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Short names a user may type instead of {@link #configName()} ({@code panic}); never printed in reports. */
    public List<String> aliases() {
        return aliases;
    }

    /** The kind whose {@link #configName()} or one of whose {@link #aliases()} is exactly {@code name}, if any. */
    public static Optional<FaultKind> named(String name) {
        for (FaultKind kind : values()) {
            if (kind.configName().equals(name) || kind.aliases.contains(name)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /** Every kind's name, each followed by its aliases in parentheses, for a message: {@code kernel-panic (panic), hang, ...}. */
    public static String allNames() {
        StringBuilder names = new StringBuilder();
        for (FaultKind kind : values()) {
            names.append(names.isEmpty() ? "" : ", ").append(kind.configName());
            if (!kind.aliases.isEmpty()) {
                names.append(" (").append(String.join(", ", kind.aliases)).append(')');
            }
        }
        return names.toString();
    }
}
