package dev.bulwark.bench.jmh;

import dev.bulwark.bench.ipc.Plan;
import dev.bulwark.bench.transport.Link;
import dev.bulwark.bench.transport.RoundTrip;
import dev.bulwark.bench.transport.Setup;
import dev.bulwark.bench.transport.Transports;
import org.HdrHistogram.Histogram;
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
 * Round-trip time with one message in flight, per transport: the same loops {@code bulwark bench ipc} runs
 * ({@link RoundTrip#ping} on JMH's thread, {@link RoundTrip#pong} on a {@link Companion}), {@value #BATCH}
 * round trips per JMH operation batch, reported as the mean time of one round trip. Each transport runs in a
 * fork of its own, so the JIT sees one transport at a time; {@code bulwark bench ipc} gives the percentiles.
 * <pre>
 * java --sun-misc-unsafe-memory-access=allow -cp bench/target/bulwark-bench.jar org.openjdk.jmh.Main RoundTripBenchmark -p transport=raw,jctools
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {Jvm.NATIVE_ACCESS, Jvm.AGRONA_EXPORT, Jvm.JMH_UNSAFE})
public class RoundTripBenchmark {
    static final int BATCH = 1_000;

    @Param({"raw", "jctools", "agrona", "disruptor", "abq", "channel"})
    public String transport;

    @Param({"16"})
    public int payload;

    private Link link;
    private RoundTrip roundTrip;
    private Companion responder;
    private final Histogram rtt = new Histogram(3_600_000_000_000L, 3);

    @org.openjdk.jmh.annotations.Setup(Level.Trial)
    public void setUp() throws Exception {
        link = Transports.named(transport).orElseThrow(() -> new IllegalArgumentException("no transport " + transport))
                .open(new Setup(payload, Plan.CAPACITY));
        roundTrip = link.roundTrip();
        responder = new Companion("responder", () -> roundTrip.pong(BATCH));
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void roundTrip() throws Exception {
        responder.request();
        roundTrip.ping(BATCH, rtt);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        responder.stop();
        link.close();
    }
}
