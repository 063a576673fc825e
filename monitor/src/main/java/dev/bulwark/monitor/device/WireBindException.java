package dev.bulwark.monitor.device;

/**
 * A NIC's wire side could not listen where its config says (the port is taken, the host is unknown or not
 * this machine's, the port is out of range). The message names the device, the host and port, and why, so
 * the monitor can show it as it is, without a stack trace.
 */
public final class WireBindException extends RuntimeException {
    private final String device;
    private final String host;
    private final int port;

    WireBindException(String device, String host, int port, String why, Throwable cause) {
        super("NIC " + device + " cannot listen on " + host + ":" + port + ": " + why, cause);
        this.device = device;
        this.host = host;
        this.port = port;
    }

    /** The NIC's name. */
    public String device() {
        return device;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }
}
