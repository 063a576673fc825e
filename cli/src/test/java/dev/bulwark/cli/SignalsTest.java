package dev.bulwark.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM sent to a real {@code bulwark} process: each command prints what it has and the JVM exits 143.
 * The child runs on the JDK running this test, with everything this test has on its class path. The
 * signal goes through {@code ProcessHandle.destroy()} (SIGTERM on Unix), not {@code Process.destroy()},
 * which also closes our ends of the child's pipes, so that what the child prints after the signal would be
 * lost.
 */
class SignalsTest {
    /** A child JVM running {@code bulwark args}, with what it has printed so far. */
    static final class Child {
        private final Process process;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();
        private final List<Thread> copiers;

        private Child(Process process) {
            this.process = process;
            this.copiers = List.of(copy(process.getInputStream(), out), copy(process.getErrorStream(), err));
        }

        static Child start(String... args) throws IOException {
            // The tests run on the module path (Bulwark's modules) and the class path (test libraries); the
            // child gets both on its class path, the way bulwark.jar runs.
            String classPath = Stream.of(System.getProperty("jdk.module.path"), System.getProperty("java.class.path"))
                    .filter(p -> p != null && !p.isEmpty()).collect(Collectors.joining(File.pathSeparator));
            List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                    "--enable-native-access=ALL-UNNAMED", "-cp", classPath, BulwarkCli.class.getName()));
            command.addAll(List.of(args));
            return new Child(new ProcessBuilder(command).start());
        }

        private static Thread copy(InputStream from, OutputStream to) {
            return Thread.ofVirtual().start(() -> {
                try (from) {
                    from.transferTo(to);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }

        String out() {
            return out.toString(StandardCharsets.UTF_8);
        }

        String err() {
            return err.toString(StandardCharsets.UTF_8);
        }

        /** Sends SIGTERM and waits for the child to end and its output to be read; returns its exit code. */
        int terminate() throws InterruptedException {
            assertTrue(process.toHandle().destroy(), "SIGTERM not sent");
            assertTrue(process.waitFor(10, TimeUnit.SECONDS), "still running after SIGTERM: " + out());
            for (Thread copier : copiers) {
                copier.join();
            }
            return process.exitValue();
        }
    }

    @Test
    void sigtermEndsARunWithItsSummaryAndExit143() throws Exception {
        Child run = Child.start("run", "--config", "../examples/token-ring.yaml", "--status-every", "100ms");
        await().atMost(Duration.ofSeconds(20)).until(() -> run.out().contains("status (progress"));
        int exit = run.terminate();
        assertEquals(143, exit, run.out() + run.err());
        assertTrue(run.out().contains("  sandbox ") && run.out().contains("ring-0->ring-1"), run.out());
    }

    @Test
    void sigtermEndsTheDemoWithTheFaultsCompletedSoFarAndExit143() throws Exception {
        Child demo = Child.start("demo", "--rounds", "1000");
        await().atMost(Duration.ofSeconds(20)).until(() -> demo.out().contains("-> detected by trap"));
        int exit = demo.terminate();
        String out = demo.out();
        assertEquals(143, exit, out + demo.err());
        assertTrue(out.contains("Summary") && out.lines().anyMatch(l -> l.startsWith("  kernel panic ")), out);
        assertTrue(out.contains("Interrupted after "), out);
    }

    @Test
    void sigtermDuringTheBootOf1024SandboxesEndsItPromptlyWithTheSummarySoFar(@TempDir Path dir) throws Exception {
        StringBuilder config = new StringBuilder("""
                chip: {cores: 1024, memory: 512MiB}
                detection: {heartbeatTimeout: 1s}
                sandboxes:
                """);
        for (int i = 0; i < 1024; i++) {
            config.append("  - {name: c%d, core: %d, memory: 256KiB, app: counter}\n".formatted(i, i));
        }
        Path file = dir.resolve("many.yaml");
        Files.writeString(file, config);
        Child run = Child.start("run", "--config", file.toString(), "--status-every", "100ms");
        await().atMost(Duration.ofSeconds(20)).until(() -> run.out().contains(": booting on core"));
        long signalled = System.nanoTime();
        int exit = run.terminate();
        assertEquals(143, exit, run.err());
        assertTrue(System.nanoTime() - signalled < TimeUnit.SECONDS.toNanos(8), "took too long to end");
        assertTrue(run.out().contains("  sandbox ") && run.out().contains("  c1023 "), "the summary of all 1024");
    }
}
