package dev.bulwark.hw.device;

/** Data from the device failed its checksum: the device corrupted a frame or a page. */
public final class DeviceCorruptionException extends DeviceException {
    public DeviceCorruptionException(String device, String message) {
        super(device, message);
    }
}
