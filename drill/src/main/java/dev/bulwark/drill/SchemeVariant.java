package dev.bulwark.drill;

import dev.bulwark.monitor.policy.Scheme;
import dev.bulwark.monitor.spec.RecoverySpec;
import dev.bulwark.monitor.spec.SystemSpec;

import java.util.Collection;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One column of a side-by-side drill: the same schedule runs once per variant, each on a chip whose spec the
 * variant rewrote ({@code restart} and {@code microreboot} for the victims, say). {@link #AS_CONFIGURED} leaves
 * the config's recovery as it is.
 */
public record SchemeVariant(String label, UnaryOperator<SystemSpec> apply) {
    public static final SchemeVariant AS_CONFIGURED = new SchemeVariant("as configured", UnaryOperator.identity());

    /** This variant under another label. */
    public SchemeVariant labelled(String label) {
        return new SchemeVariant(label, apply);
    }

    /**
     * {@code scheme} first for each of {@code sandboxes}, restart after it as the fallback (a microreboot whose
     * memory check fails escalates to it), keeping each one's restart intensity and backoff. Labelled with the
     * scheme's name.
     */
    public static SchemeVariant first(Scheme scheme, Collection<String> sandboxes) {
        return new SchemeVariant(scheme.configName(), spec -> {
            SystemSpec changed = spec;
            for (String s : sandboxes) {
                changed = changed.withRecoveryOf(s, firstThen(scheme, changed.recoveryOf(s)));
            }
            return changed;
        });
    }

    /** {@code recovery} with the chain {@code scheme}, then restart (just restart, if that is {@code scheme}). */
    public static RecoverySpec firstThen(Scheme scheme, RecoverySpec recovery) {
        List<Scheme> chain = scheme == Scheme.RESTART ? List.of(scheme) : List.of(scheme, Scheme.RESTART);
        return new RecoverySpec(chain, recovery.maxRestarts(), recovery.within(), recovery.backoff());
    }
}
