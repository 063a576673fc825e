package dev.bulwark.bench.ipc;

import dev.bulwark.hw.core.CpuAffinity;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The benchmark's two threads, started (and, if asked, pinned) once for the whole run, so that every transport
 * is measured on the same two threads: the <em>initiator</em> (pings, produces) and the <em>responder</em>
 * (answers, consumes).
 *
 * <p>{@link #run} hands each thread its side, lets both spin at a gate until both have arrived, and times from
 * the initiator leaving the gate to the responder finishing (two {@link System#nanoTime()} readings on two
 * threads: one clock on Linux). Waiting for the two sides parks the coordinating thread, so it takes no CPU
 * from them. The threads are daemons: a side that spins forever (a transport that lost a message) cannot keep
 * the JVM alive once the run has given up on it.
 *
 * <p>Threads: {@code start}, {@code run} and {@code close} on one coordinating thread.
 */
final class ThreadPair implements AutoCloseable {
    /** One side's work, run on one of the two threads. */
    @FunctionalInterface
    interface Side {
        void run() throws Exception;
    }

    private final Worker initiator;
    private final Worker responder;
    private final Pinning pinning;

    private ThreadPair(Worker initiator, Worker responder, Pinning pinning) {
        this.initiator = initiator;
        this.responder = responder;
        this.pinning = pinning;
    }

    /**
     * Starts the two threads; with {@code pin}, pins them to the first two CPUs this process may use, or says
     * why it could not.
     */
    static ThreadPair start(boolean pin) throws InterruptedException {
        Worker initiator = new Worker("bench-initiator");
        Worker responder = new Worker("bench-responder");
        if (!pin) {
            return new ThreadPair(initiator, responder, Pinning.notAsked());
        }
        List<Integer> cpus = CpuAffinity.allowedCpus();
        if (cpus.size() < 2) {
            return new ThreadPair(initiator, responder, Pinning.impossible("this process may run on CPU " + cpus
                    + " only, and the two threads need two distinct CPUs"));
        }
        CompletableFuture<CpuAffinity.Result> first = initiator.submit(() -> CpuAffinity.pinCurrentThread(cpus.get(0)));
        CompletableFuture<CpuAffinity.Result> second = responder.submit(() -> CpuAffinity.pinCurrentThread(cpus.get(1)));
        try {
            return new ThreadPair(initiator, responder, Pinning.attempted(first.get(), second.get()));
        } catch (ExecutionException e) {
            throw new IllegalStateException("pinning failed", e.getCause()); // pinCurrentThread reports, never throws
        }
    }

    Pinning pinning() {
        return pinning;
    }

    /**
     * Runs {@code initiatorSide} and {@code responderSide} on the two threads, started together; returns the
     * nanoseconds from the initiator's start to the responder's end (at least 0).
     *
     * @throws SideFailedException  if a side threw, or the sides did not finish within {@code limit}
     * @throws InterruptedException if this thread was interrupted while it waited; the sides still run to their end
     */
    long run(Side initiatorSide, Side responderSide, Duration limit) throws InterruptedException {
        AtomicInteger arrived = new AtomicInteger();
        CompletableFuture<Long> started = initiator.submit(() -> {
            gate(arrived);
            long start = System.nanoTime();
            initiatorSide.run();
            return start;
        });
        CompletableFuture<Long> ended = responder.submit(() -> {
            gate(arrived);
            responderSide.run();
            return System.nanoTime();
        });
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            CompletableFuture.anyOf(started, ended).get(limit.toNanos(), TimeUnit.NANOSECONDS);
            long start = started.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            long end = ended.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return Math.max(0, end - start); // negative only if the responder had nothing to wait for
        } catch (ExecutionException e) {
            String side = started.isCompletedExceptionally() ? "initiator" : "responder";
            throw new SideFailedException("the " + side + " side failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            String shown = limit.toMillis() % 1000 == 0 ? limit.toSeconds() + " s" : limit.toMillis() + " ms";
            String late = started.isDone() ? "the responder" : ended.isDone() ? "the initiator" : "neither side";
            throw new SideFailedException(late + (ended.isDone() || started.isDone() ? " did not finish" : " finished")
                    + " within " + shown, null);
        }
    }

    /** Both sides spin here until both have arrived, so neither starts while the other is still being woken. */
    private static void gate(AtomicInteger arrived) {
        arrived.incrementAndGet();
        while (arrived.get() < 2) {
            Thread.onSpinWait();
        }
    }

    /** Stops both threads once their current work (if any) ends. */
    @Override
    public void close() {
        initiator.stop();
        responder.stop();
    }

    /** A side failed or overran; the run cannot go on with these threads. */
    static final class SideFailedException extends RuntimeException {
        SideFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** One daemon platform thread taking jobs from a queue. */
    private static final class Worker {
        private final BlockingQueue<Runnable> jobs = new LinkedBlockingQueue<>();
        private final Thread thread;

        Worker(String name) {
            thread = Thread.ofPlatform().name(name).daemon().start(this::loop);
        }

        private void loop() {
            try {
                while (true) {
                    jobs.take().run();
                }
            } catch (InterruptedException stop) {
                // close(): end
            }
        }

        <T> CompletableFuture<T> submit(java.util.concurrent.Callable<T> job) {
            CompletableFuture<T> result = new CompletableFuture<>();
            jobs.add(() -> {
                try {
                    result.complete(job.call());
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            });
            return result;
        }

        void stop() {
            thread.interrupt();
        }
    }
}
