package dev.bulwark.cli.inject;

import dev.bulwark.hw.fault.FaultKind;

import java.time.Duration;
import java.util.List;

/**
 * One {@code --inject}, read and checked against the chip's spec: a fault of {@code kind} into {@code target},
 * {@code after} the moment every sandbox serves.
 *
 * @param typed      the option's value as the user typed it, for messages
 * @param parameters what it gave the fault; the rest is drawn from the injector's seed
 * @param drawn      the names of the kind's parameters it left to the seed, in order ({@code [site]})
 */
public record Injection(String typed, FaultKind kind, InjectionTarget target, FaultParameters parameters,
                        List<String> drawn, Duration after) {
    public Injection {
        drawn = List.copyOf(drawn);
    }
}
