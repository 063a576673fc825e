package dev.bulwark.hw.device;

/** The device answered an operation with an error. */
public final class DeviceErrorException extends DeviceException {
    public DeviceErrorException(String device, String message) {
        super(device, message);
    }
}
