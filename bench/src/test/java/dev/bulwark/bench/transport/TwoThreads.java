package dev.bulwark.bench.transport;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Two threads for a test, kept for all its calls as the benchmark keeps its two (a Disruptor single-producer
 * ring asserts that one thread publishes to it). Daemons, so a side that spins forever after its partner
 * failed cannot hold the JVM.
 */
final class TwoThreads implements AutoCloseable {
    /** One side's work. */
    interface Side {
        void run() throws Exception;
    }

    private final ExecutorService initiator = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().daemon().unstarted(r));
    private final ExecutorService responder = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().daemon().unstarted(r));

    /** Runs the two sides, one per thread; throws what the first to fail threw, or a timeout after 30 s. */
    void run(Side initiatorSide, Side responderSide) throws Exception {
        CompletableFuture<Void> a = CompletableFuture.runAsync(() -> call(initiatorSide), initiator);
        CompletableFuture<Void> b = CompletableFuture.runAsync(() -> call(responderSide), responder);
        try {
            CompletableFuture.anyOf(a, b).get(30, TimeUnit.SECONDS);
            CompletableFuture.allOf(a, b).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static void call(Side side) {
        try {
            side.run();
        } catch (Exception e) {
            throw new java.util.concurrent.CompletionException(e);
        }
    }

    @Override
    public void close() {
        initiator.shutdownNow();
        responder.shutdownNow();
    }
}
