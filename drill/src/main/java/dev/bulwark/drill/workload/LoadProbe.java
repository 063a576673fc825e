package dev.bulwark.drill.workload;

import dev.bulwark.monitor.Monitor;

import java.time.Duration;

/**
 * A throughput and latency measurement a drill runs on a fault-free chip of each scheme variant, beside its fault
 * phase: what a scheme costs when nothing fails ({@link KvLoad}: the KV store under pipelined clients).
 */
public interface LoadProbe {
    /**
     * Measures {@code monitor}'s chip (booted, every sandbox serving, nothing else running on it); bounded by the
     * probe's warm-up and window and its clients' read timeouts.
     *
     * @throws IllegalStateException if the chip has nothing it can measure or its clients cannot connect
     */
    LoadFigures measure(Monitor monitor) throws InterruptedException;

    /** The same probe with another warm-up and window: what {@code --load-window} asks for. */
    LoadProbe withTimes(Duration warmup, Duration window);

    /** The same probe with {@code connections} each keeping {@code depth} commands in flight. */
    LoadProbe withShape(int connections, int depth);

    int connections();

    int depth();

    Duration warmup();

    Duration window();

    /** Its shape in words, for the drill's header: {@code 4 connections x 256 in flight, 1.0 s warm-up, 3.0 s window}. */
    String describe();
}
