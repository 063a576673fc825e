package dev.bulwark.drill;

import dev.bulwark.monitor.spec.SystemSpec;

import java.util.function.UnaryOperator;

/**
 * One column of a side-by-side drill: the same schedule runs once per variant, each on a chip whose spec the
 * variant rewrote ({@code restart} and {@code microreboot} for the victims, say). {@link #AS_CONFIGURED} leaves
 * the config's recovery as it is.
 */
public record SchemeVariant(String label, UnaryOperator<SystemSpec> apply) {
    public static final SchemeVariant AS_CONFIGURED = new SchemeVariant("as configured", UnaryOperator.identity());
}
