package dev.bulwark.cli.config;

import dev.bulwark.monitor.spec.SystemSpec;

import java.util.List;

/**
 * A config that loaded: the system it describes, and the warnings about it (the system boots, but probably
 * does not do what its author meant: a token ring without a leader), each positioned like a problem.
 */
public record LoadedConfig(SystemSpec spec, List<ConfigProblem> warnings) {
    public LoadedConfig {
        warnings = List.copyOf(warnings);
    }
}
