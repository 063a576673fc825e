package dev.bulwark.monitor.policy;

/**
 * {@code microreboot} (ReHype): a fresh kernel from the pristine image, with the app's memory kept and
 * re-attached once the app's own integrity check passes on it. Refused here only when no core is left; the
 * check runs when the monitor carries the launch out, and a failing check comes back as
 * {@link Supervisor#onRefused}, which escalates to the next scheme.
 */
public record Microreboot() implements Scheme {
    @Override
    public String configName() {
        return "microreboot";
    }

    @Override
    public Attempt revive(String member, CoreChoice cores) {
        return cores.launch(member, Step.Memory.KEPT, this);
    }

    @Override
    public String toString() {
        return configName();
    }
}
