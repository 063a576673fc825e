package dev.bulwark.hw.device;

/**
 * A device failed in a way its driver noticed. Thrown on the owning kernel's thread, it escapes the kernel
 * as a trap, and the monitor tells from the subclass how the failure was detected.
 */
public abstract sealed class DeviceException extends RuntimeException
        permits DeviceTimeoutException, DeviceErrorException, DeviceCorruptionException {
    private final String device;

    protected DeviceException(String device, String message) {
        super(message);
        this.device = device;
    }

    /** The device's name. */
    public String device() {
        return device;
    }
}
