package dev.bulwark.monitor.spec;

import java.util.List;
import java.util.Map;

/**
 * One sandbox: its name, the core it is pinned to, its memory partition ({@code base} null means
 * "place it at the lowest free address"), the app it runs with that app's parameters, its recovery
 * policy ({@code null}: the system's default), and the devices it owns (by name).
 */
public record SandboxSpec(String name, int core, long memoryBytes, Long base, String app,
                          Map<String, String> params, RecoverySpec recovery, List<String> devices) {
    public SandboxSpec {
        params = Map.copyOf(params);
        devices = List.copyOf(devices);
    }

    /** A sandbox that owns no devices. */
    public SandboxSpec(String name, int core, long memoryBytes, Long base, String app, Map<String, String> params,
                       RecoverySpec recovery) {
        this(name, core, memoryBytes, base, app, params, recovery, List.of());
    }
}
