package dev.bulwark.bench.ipc;

import dev.bulwark.bench.transport.Link;
import dev.bulwark.bench.transport.OneWay;
import dev.bulwark.bench.transport.RoundTrip;
import dev.bulwark.bench.transport.Setup;
import dev.bulwark.bench.transport.Transport;
import org.HdrHistogram.Histogram;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Runs a {@link Plan}: warms every transport at every payload, then measures them in interleaved rounds
 * (round {@code r} measures every transport once, in turn, at every payload), all on the same two threads.
 * Interleaving spreads whatever the host does meanwhile (another process, a frequency change, the JIT
 * compiling) over every row instead of loading it onto one.
 *
 * <p>Warm-up calls each side many times with a small count, so that the JIT compiles each loop as a method
 * (entered compiled), not only as an on-stack replacement inside one long call: the first measured call then
 * starts in compiled code.
 */
public final class IpcBench {
    /** The longest one side may take before the run gives up on the transport. */
    static final Duration LIMIT = Duration.ofMinutes(5);
    /** Warm-up calls per side; the JIT compiles a method entered about a thousand times with long loops in it. */
    static final int WARMUP_CALLS = 1_000;
    /** After warm-up: how long the JIT must have compiled nothing, and the longest wait for that. */
    static final Duration JIT_QUIET = Duration.ofMillis(100);
    static final Duration JIT_WAIT = Duration.ofSeconds(3);

    private IpcBench() {
    }

    /**
     * What a run measured.
     *
     * @param rounds      rounds every transport completed: {@code plan.rounds()}, or fewer if interrupted
     * @param interrupted whether the run was interrupted before its last round ended
     */
    public record Outcome(Host host, Plan plan, Pinning pinning, List<Measurement> measurements, int rounds,
                          boolean interrupted) {
    }

    /**
     * Runs {@code plan}. An interrupt of the calling thread ends it at the current measurement, and the outcome
     * then holds the rounds completed.
     *
     * @throws RunFailedException if a transport failed to set up, delivered a wrong message, or overran {@link #LIMIT}
     */
    public static Outcome run(Plan plan, Progress progress) throws RunFailedException {
        List<Measurement> measurements = new ArrayList<>();
        for (int payload : plan.payloads()) {
            for (Transport transport : plan.transports()) {
                measurements.add(new Measurement(transport, payload, plan.roundTripsAt(payload), plan.messagesAt(payload)));
            }
        }
        int completed = 0;
        Pinning pinning = Pinning.notAsked();
        try (ThreadPair threads = ThreadPair.start(plan.pin())) {
            pinning = threads.pinning();
            int step = 0;
            for (Measurement m : measurements) {
                progress.step("warming up: " + label(m), step++, plan.steps());
                warmUp(threads, plan, m);
            }
            awaitJitIdle();
            for (int round = 1; round <= plan.rounds(); round++) {
                for (Measurement m : measurements) {
                    progress.step("round " + round + "/" + plan.rounds() + ": " + label(m), step++, plan.steps());
                    measure(threads, plan, m);
                }
                completed = round;
            }
        } catch (InterruptedException stopped) {
            // report the rounds every transport completed
        } finally {
            progress.finished();
        }
        int rounds = completed;
        measurements.forEach(m -> m.keepRounds(rounds));
        return new Outcome(Host.current(), plan, pinning, measurements, rounds, rounds < plan.rounds());
    }

    /**
     * Waits until the JIT has compiled nothing for {@link #JIT_QUIET} (at most {@link #JIT_WAIT}): on a 2-CPU host
     * the compiler threads compete with the two spinning threads, so what warm-up queued may still be compiling
     * when it ends, and the first round would measure the code it replaces.
     */
    private static void awaitJitIdle() throws InterruptedException {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return;
        }
        long deadline = System.nanoTime() + JIT_WAIT.toNanos();
        long compiled = jit.getTotalCompilationTime();
        while (System.nanoTime() < deadline) {
            Thread.sleep(JIT_QUIET); // a pause in which nothing runs but the compiler, not a wait for a thread of ours
            long now = jit.getTotalCompilationTime();
            if (now == compiled) {
                return;
            }
            compiled = now;
        }
    }

    private static String label(Measurement m) {
        return m.transport().name() + ", " + m.payload() + " B";
    }

    private static void warmUp(ThreadPair threads, Plan plan, Measurement m) throws RunFailedException, InterruptedException {
        int warmupRoundTrips = plan.warmupRoundTripsAt(m.payload());
        long warmupMessages = plan.warmupMessagesAt(m.payload());
        int roundTripCalls = Math.min(WARMUP_CALLS, warmupRoundTrips);
        int roundTrips = roundTripCalls == 0 ? 0 : Math.ceilDiv(warmupRoundTrips, roundTripCalls);
        int messageCalls = (int) Math.min(WARMUP_CALLS, warmupMessages);
        long messages = messageCalls == 0 ? 0 : Math.ceilDiv(warmupMessages, messageCalls);
        Histogram scratch = Measurement.newHistogram();
        try (Link link = open(plan, m)) {
            RoundTrip rt = link.roundTrip();
            run(threads, m, "warm-up round trips", () -> {
                for (int i = 0; i < roundTripCalls; i++) {
                    rt.ping(roundTrips, scratch);
                }
            }, () -> {
                for (int i = 0; i < roundTripCalls; i++) {
                    rt.pong(roundTrips);
                }
            });
            Optional<OneWay> oneWay = link.oneWay();
            if (oneWay.isPresent()) {
                OneWay ow = oneWay.get();
                run(threads, m, "warm-up one-way", () -> {
                    for (int i = 0; i < messageCalls; i++) {
                        ow.produce(messages);
                    }
                }, () -> {
                    for (int i = 0; i < messageCalls; i++) {
                        ow.consume(messages);
                    }
                });
            }
        } catch (RuntimeException e) {
            throw new RunFailedException(label(m) + ": " + e, e);
        }
    }

    private static void measure(ThreadPair threads, Plan plan, Measurement m) throws RunFailedException, InterruptedException {
        try (Link link = open(plan, m)) {
            RoundTrip rt = link.roundTrip();
            Histogram rtt = Measurement.newHistogram();
            int roundTrips = m.roundTripsPerRound();
            rtt.setStartTimeStamp(System.currentTimeMillis());
            run(threads, m, "round trips", () -> rt.ping(roundTrips, rtt), () -> rt.pong(roundTrips));
            rtt.setEndTimeStamp(System.currentTimeMillis());
            OptionalLong oneWayNanos = OptionalLong.empty();
            Optional<OneWay> oneWay = link.oneWay();
            if (oneWay.isPresent()) {
                OneWay ow = oneWay.get();
                long messages = m.messages();
                oneWayNanos = OptionalLong.of(run(threads, m, "one-way", () -> ow.produce(messages), () -> ow.consume(messages)));
            }
            m.addRound(rtt, oneWayNanos);
        } catch (RuntimeException e) {
            throw new RunFailedException(label(m) + ": " + e, e);
        }
    }

    private static Link open(Plan plan, Measurement m) throws RunFailedException {
        try {
            return m.transport().open(new Setup(m.payload(), plan.capacity()));
        } catch (Exception e) {
            throw new RunFailedException(label(m) + ": set-up failed: " + e, e);
        }
    }

    private static long run(ThreadPair threads, Measurement m, String what, ThreadPair.Side initiator,
                            ThreadPair.Side responder) throws RunFailedException, InterruptedException {
        try {
            return threads.run(initiator, responder, LIMIT);
        } catch (ThreadPair.SideFailedException e) {
            throw new RunFailedException(label(m) + ", " + what + ": " + e.getMessage(), e.getCause());
        }
    }
}
