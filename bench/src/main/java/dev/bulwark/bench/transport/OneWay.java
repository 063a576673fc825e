package dev.bulwark.bench.transport;

/**
 * One-way throughput through a bounded queue: the producer pushes messages as fast as the queue takes them,
 * the consumer takes them as fast as they come. The benchmark times from the producer's start to the
 * consumer's return. Both sides busy-spin while they wait, allocate nothing and touch every payload byte.
 */
public interface OneWay {
    /** Producer thread: sends {@code count} messages numbered 1, 2, ... */
    void produce(long count) throws Exception;

    /** Consumer thread: receives {@code count} messages; throws {@link IllegalStateException} if one is out of order. */
    void consume(long count) throws Exception;
}
