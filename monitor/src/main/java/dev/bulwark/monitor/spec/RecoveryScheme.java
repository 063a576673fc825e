package dev.bulwark.monitor.spec;

/** The recovery schemes this version implements. */
public enum RecoveryScheme {
    /** A fresh kernel from the pristine image on the same core: all state is lost, as in a reboot. */
    RESTART("restart");

    private final String configName;

    RecoveryScheme(String configName) {
        this.configName = configName;
    }

    /** The name a config file uses. */
    public String configName() {
        return configName;
    }
}
