package dev.bulwark.monitor.policy;

/**
 * {@code restart}: a fresh kernel from the pristine image in a fresh partition; the app's state is lost, as
 * in a reboot. Refused only when no core is left for it.
 */
public record Restart() implements Scheme {
    @Override
    public String configName() {
        return "restart";
    }

    @Override
    public Attempt revive(String member, CoreChoice cores) {
        return cores.launch(member, Step.Memory.FRESH, this);
    }

    @Override
    public String toString() {
        return configName();
    }
}
