package dev.bulwark.monitor.spec;

import java.util.Map;

/**
 * One sandbox: its name, the core it is pinned to, its memory partition ({@code base} null means
 * "place it at the lowest free address"), the app it runs with that app's parameters, and its recovery
 * policy ({@code null}: the system's default).
 */
public record SandboxSpec(String name, int core, long memoryBytes, Long base, String app,
                          Map<String, String> params, RecoverySpec recovery) {
    public SandboxSpec {
        params = Map.copyOf(params);
    }
}
