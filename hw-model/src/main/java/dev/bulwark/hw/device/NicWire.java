package dev.bulwark.hw.device;

/**
 * The wire side of a {@link Nic}: what moves bytes between real sockets and the NIC's rings (a Netty server,
 * say). One thread of the wire's is the NIC's only receive producer and transmit consumer.
 */
public interface NicWire {
    /** The driver queued frames to transmit: take them on the wire's thread soon. Any thread; must not block. */
    void transmitReady();

    /**
     * The NIC was reset for a new owner incarnation: on the wire's thread, close every connection open now
     * (their peers see the server go away, as after a crash) and drop every frame still queued to transmit.
     * Any thread; must not block.
     */
    void reset();

    /** Stops listening and closes every connection; waits until done. */
    void close();
}
