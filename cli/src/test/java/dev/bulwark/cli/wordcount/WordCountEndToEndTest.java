package dev.bulwark.cli.wordcount;

import dev.bulwark.apps.StandardApps;
import dev.bulwark.apps.wordcount.TextGenerator;
import dev.bulwark.apps.wordcount.WcDriver;
import dev.bulwark.apps.wordcount.WcMapper;
import dev.bulwark.cli.config.ConfigLoader;
import dev.bulwark.hw.device.DeviceActivity;
import dev.bulwark.hw.fault.Fault;
import dev.bulwark.monitor.Monitor;
import dev.bulwark.monitor.event.MonitorEvent;
import dev.bulwark.monitor.spec.DeviceSpec;
import dev.bulwark.monitor.spec.SystemSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The word count of {@code examples/wordcount.yaml} booted by the monitor, with real block devices, kernels
 * and channels: its output equals a direct count of the input (a regex over the bytes, independent of the
 * apps' tokenizer), on the example's own text, on a generated 12 MB text, and on that text while a mapper's
 * kernel panics mid-job.
 */
class WordCountEndToEndTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Path EXAMPLE = Path.of("../examples/wordcount.yaml");
    private static final Pattern WORD = Pattern.compile("[A-Za-z]+");
    private static final long BIG = 12L << 20;

    @TempDir
    Path dir;
    private Monitor monitor;

    @AfterEach
    void shutDown() {
        if (monitor != null) {
            monitor.close();
        }
    }

    /** The example's system with its input device over {@code input} and its output device in the temp folder. */
    private SystemSpec example(Path input, String split) throws Exception {
        Path out = dir.resolve("out.txt");
        return ConfigLoader.load(EXAMPLE, StandardApps.registry(), spec -> {
            List<DeviceSpec> devices = spec.devices().stream().map(d -> switch (d) {
                case DeviceSpec.Block b when b.name().equals("disk") -> new DeviceSpec.Block("disk", input, 0);
                case DeviceSpec.Block b when b.name().equals("out") -> new DeviceSpec.Block("out", out, 8L << 20);
                default -> d;
            }).toList();
            var sandboxes = spec.sandboxes().stream().map(s -> !s.name().equals("driver") || split == null ? s
                    : new dev.bulwark.monitor.spec.SandboxSpec(s.name(), s.core(), s.memoryBytes(), s.base(), s.app(),
                    withParam(s.params(), "split", split), s.recovery(), s.devices())).toList();
            return new SystemSpec(spec.chip(), sandboxes, spec.channels(), spec.detection(), spec.recovery(), devices);
        }).spec();
    }

    private static Map<String, String> withParam(Map<String, String> params, String key, String value) {
        var copy = new java.util.LinkedHashMap<>(params);
        copy.put(key, value);
        return copy;
    }

    /** Word to count by a regex over the bytes read as ISO-8859-1 (a non-ASCII byte is never a letter). */
    private static TreeMap<String, Long> directCount(Path file) throws IOException {
        TreeMap<String, Long> counts = new TreeMap<>();
        Matcher m = WORD.matcher(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
        while (m.find()) {
            counts.merge(m.group().toLowerCase(Locale.ROOT), 1L, Long::sum);
        }
        return counts;
    }

    /** The output device's text: up to its first zero byte. */
    private String output() throws IOException {
        String all = new String(Files.readAllBytes(dir.resolve("out.txt")), StandardCharsets.US_ASCII);
        int end = all.indexOf('\0');
        return end < 0 ? all : all.substring(0, end);
    }

    private MonitorEvent.JobFinished awaitJob() {
        return await().atMost(PATIENCE).until(() -> monitor.events().all(MonitorEvent.JobFinished.class).stream()
                .findFirst(), Optional::isPresent).orElseThrow();
    }

    private void assertExactCount(Path input, MonitorEvent.JobFinished job) throws IOException {
        assertTrue(job.success(), job.summary());
        assertEquals("driver", job.sandbox());
        TreeMap<String, Long> direct = directCount(input);
        StringBuilder expected = new StringBuilder();
        direct.forEach((w, c) -> expected.append(w).append(' ').append(c).append('\n'));
        String head = "%d bytes, %d words, %d distinct; top: the ".formatted(Files.size(input),
                direct.values().stream().mapToLong(Long::longValue).sum(), direct.size());
        assertTrue(job.summary().startsWith(head), job.summary() + " should start with " + head);
        await().atMost(PATIENCE).until(() -> output().length() == expected.length()); // the last write completed
        assertEquals(expected.toString(), output());
    }

    private long driverMemory(java.util.function.ToLongFunction<java.lang.foreign.MemorySegment> read) {
        return read.applyAsLong(monitor.sandbox("driver").appMemory());
    }

    @Test
    void theExampleCountsItsOwnTextExactly() throws Exception {
        Path input = Path.of("../examples/data/words.txt");
        monitor = Monitor.boot(example(input.toAbsolutePath(), null), StandardApps.registry());
        assertExactCount(input, awaitJob());
    }

    @Test
    void twelveMegabytesAreCountedExactly() throws Exception {
        Path input = dir.resolve("words.txt");
        new TextGenerator(77).write(input, BIG);
        monitor = Monitor.boot(example(input, "1MiB"), StandardApps.registry());
        MonitorEvent.JobFinished job = awaitJob();
        assertExactCount(input, job);
        assertTrue(driverMemory(WcDriver::splits) >= 12, "splits of at most 1 MiB: " + driverMemory(WcDriver::splits));
        assertEquals(0, driverMemory(WcDriver::reissued));
    }

    @Test
    void aMapperWhoseKernelPanicsMidJobHasItsSplitsIssuedAgainAndTheCountStaysExact() throws Exception {
        Path input = dir.resolve("words.txt");
        new TextGenerator(78).write(input, BIG);
        monitor = Monitor.boot(example(input, "128KiB"), StandardApps.registry());
        // some splits done, mapper-1 busy with its share of the rest
        await().atMost(PATIENCE).until(() -> driverMemory(WcDriver::splitsDone) >= 4
                && WcMapper.splits(monitor.sandbox("mapper-1").appMemory()) >= 1);
        monitor.injector().inject(monitor.sandbox("mapper-1"), new Fault.KernelPanic(Fault.Site.KERNEL));

        MonitorEvent.JobFinished job = awaitJob();
        assertExactCount(input, job);
        assertTrue(monitor.events().all(MonitorEvent.FaultDetected.class).stream().anyMatch(f -> f.sandbox().equals("mapper-1")));
        assertEquals(2, monitor.sandbox("mapper-1").incarnation(), "mapper-1 restarted from its pristine image");
        assertTrue(driverMemory(WcDriver::reissued) >= 1, "the splits mapper-1 held were issued again");
        List<String> console = monitor.events().all(DeviceActivity.ConsoleLine.class).stream()
                .map(DeviceActivity.ConsoleLine::line).toList();
        assertTrue(console.stream().anyMatch(l -> l.matches("wordcount: mapper-1 restarted; issuing again the [1-9]\\d* split.*")),
                "the driver saw mapper-1's hello from its new incarnation (not a timeout): " + console);
    }
}
