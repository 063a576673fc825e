package dev.bulwark.bench.jmh;

import dev.bulwark.bench.ipc.Plan;
import dev.bulwark.bench.transport.Link;
import dev.bulwark.bench.transport.OneWay;
import dev.bulwark.bench.transport.Setup;
import dev.bulwark.bench.transport.Transports;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * One-way throughput through a queue of {@value Plan#CAPACITY}, per transport: {@link OneWay#produce} on JMH's
 * thread, {@link OneWay#consume} on a {@link Companion}, {@value #BATCH} messages per JMH operation batch,
 * reported in messages per second. The producer can run ahead of the consumer by at most the queue, so in the
 * steady state it measures the pair. {@code raw} has no queue, so no row here.
 * <pre>
 * java --sun-misc-unsafe-memory-access=allow -cp bench/target/bulwark-bench.jar org.openjdk.jmh.Main OneWayBenchmark -p payload=16,256
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {Jvm.NATIVE_ACCESS, Jvm.AGRONA_EXPORT, Jvm.JMH_UNSAFE})
public class OneWayBenchmark {
    static final int BATCH = 100_000;

    @Param({"jctools", "agrona", "disruptor", "abq", "channel"})
    public String transport;

    @Param({"16"})
    public int payload;

    private Link link;
    private OneWay oneWay;
    private Companion consumer;

    @org.openjdk.jmh.annotations.Setup(Level.Trial)
    public void setUp() throws Exception {
        link = Transports.named(transport).orElseThrow(() -> new IllegalArgumentException("no transport " + transport))
                .open(new Setup(payload, Plan.CAPACITY));
        oneWay = link.oneWay().orElseThrow(() -> new IllegalArgumentException(transport + " has no queue"));
        consumer = new Companion("consumer", () -> oneWay.consume(BATCH));
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void oneWay() throws Exception {
        consumer.request();
        oneWay.produce(BATCH);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        consumer.stop();
        link.close();
    }
}
