package dev.bulwark.hw.device;

/** The driver's watchdog saw a device stop: a request or a frame waited longer than the driver allows. */
public final class DeviceTimeoutException extends DeviceException {
    public DeviceTimeoutException(String device, String message) {
        super(device, message);
    }
}
