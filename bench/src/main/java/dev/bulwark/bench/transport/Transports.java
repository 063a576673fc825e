package dev.bulwark.bench.transport;

import java.util.List;
import java.util.Optional;

/** Every row of {@code bulwark bench ipc}, in the order the table shows them: the baselines first. */
public final class Transports {
    /** The round-trip baseline: every row's RTT p50 is shown as a multiple of its. */
    public static final String RTT_BASELINE = "raw";
    /** The throughput baseline: every row's messages/s is shown as a fraction of its. */
    public static final String THROUGHPUT_BASELINE = "disruptor";

    public static final List<Transport> ALL = List.of(
            new RawTransport(),
            new JctoolsTransport(),
            new AgronaTransport(),
            new DisruptorTransport(),
            new AbqTransport(),
            new ChannelTransport(),
            SandboxTransport.spinning(),
            SandboxTransport.sleeping());

    private Transports() {
    }

    public static Optional<Transport> named(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    public static List<String> names() {
        return ALL.stream().map(Transport::name).toList();
    }
}
