package dev.bulwark.bench.ipc;

import dev.bulwark.bench.transport.Setup;
import dev.bulwark.bench.transport.Transport;
import dev.bulwark.bench.transport.Transports;
import dev.bulwark.cli.ExitCodes;
import dev.bulwark.cli.Interruption;
import dev.bulwark.cli.OptionErrors;
import dev.bulwark.cli.OptionValues;
import dev.bulwark.cli.Output;
import dev.bulwark.cli.config.Quantities;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code bulwark bench ipc}: every transport's round-trip time and one-way throughput, measured in the same run on
 * the same two threads, beside the raw cache-line round trip (the host's limit) and the Disruptor.
 */
@Command(name = "ipc", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure messaging between two threads: round-trip time with one message in flight "
                + "(p50 / p90 / p99 / p99.9 / max) and one-way throughput through a bounded queue of " + Plan.CAPACITY
                + ", for Bulwark's channels beside the raw cache-line round trip (the host's physical limit) and the "
                + "best Java queues, all measured in the same run, in interleaved rounds, on the same two threads.",
                "",
                "Rows: raw (one cache line bounced: the limit), jctools (SpscVarHandleArrayQueue), agrona "
                        + "(OneToOneRingBuffer), disruptor (1P1C rings, busy-spin), abq (ArrayBlockingQueue), channel "
                        + "(Bulwark's channel ports), sandbox (two sandboxes' kernels, busy-spin cores), sandbox-idle "
                        + "(the same, cores sleeping, woken by the doorbell). Every row moves the same payload per "
                        + "message, copied in and out; all but sandbox-idle busy-spin. About a minute on 2 CPUs; --quick about 25 s.",
                ""})
public final class IpcCommand implements Callable<Integer> {
    /**
     * How much a run measures when the user does not say: the default and {@code --quick}, sized to take about a
     * minute and 25 s at 16 B on an idle 2-CPU host (README.md), and capped in payload bytes per measurement.
     */
    record Sizing(int rounds, int roundTrips, int messages, int warmup, long payloadBytesCap) {
    }

    static final Sizing FULL = new Sizing(8, 300_000, 4_000_000, 100_000, 2L << 30);
    static final Sizing QUICK = new Sizing(4, 150_000, 1_500_000, 50_000, 512L << 20);
    /** One-way warm-up messages per warm-up round trip. */
    static final int WARMUP_MESSAGES_PER_ROUND_TRIP = 10;
    static final int MAX_ROUNDS = 1_000;
    static final int MAX_COUNT = 1_000_000_000;

    @Option(names = "--quick", description = "Fewer rounds and samples: about 25 s on 2 CPUs instead of a minute; noisier figures.")
    boolean quick;

    @Option(names = "--pin", description = "Pin the two threads to the first two CPUs this process may use "
            + "(sched_setaffinity); the header says to which, or why they could not be.")
    boolean pin;

    @Option(names = "--payload", split = ",", paramLabel = "SIZE", defaultValue = "16", converter = PayloadSize.class,
            description = "Payload sizes per message, 1 B to 64 KiB (16, 256, 2KiB; default: ${DEFAULT-VALUE}).")
    List<Integer> payloads;

    @Option(names = "--transports", split = ",", paramLabel = "NAME", converter = TransportName.class,
            completionCandidates = TransportNames.class,
            description = "Rows to measure (default: all): ${COMPLETION-CANDIDATES}. raw and disruptor always run: they "
                    + "are the baselines of the ratios.")
    List<Transport> transports;

    @Option(names = "--rounds", paramLabel = "N", converter = Rounds.class,
            description = "Interleaved rounds: each measures every transport once, in turn (default: 8; --quick: 4).")
    Integer rounds;

    @Option(names = "--round-trips", paramLabel = "N", converter = Count.class,
            description = "Round trips per transport, payload and round (default: 300,000; --quick: 150,000). Defaults "
                    + "shrink for large payloads, to at most 2 GiB (--quick: 512 MiB) of payload per measurement; counts "
                    + "given here are used as given.")
    Integer roundTrips;

    @Option(names = "--messages", paramLabel = "N", converter = Count.class,
            description = "One-way messages per transport, payload and round (default: 4,000,000; --quick: 1,500,000).")
    Integer messages;

    @Option(names = "--warmup", paramLabel = "N", converter = WarmupCount.class,
            description = "Warm-up round trips per transport and payload before the first round, and ten times as many "
                    + "one-way messages (default: 100,000; --quick: 50,000; 0 measures cold code).")
    Integer warmup;

    @Option(names = "--json", paramLabel = "FILE", converter = WritableFile.class,
            description = "Also write every figure, the host and the plan as JSON.")
    Path json;

    @Option(names = "--csv", paramLabel = "FILE", converter = WritableFile.class,
            description = "Also write every figure as CSV, one line per transport and payload.")
    Path csv;

    @Option(names = "--hdr-dir", paramLabel = "DIR", converter = WritableFolder.class,
            description = "Also write each round-trip histogram as an HdrHistogram log, one interval per round "
                    + "(DIR/rtt-jctools-16B.hlog), for HdrHistogram's plotting tools.")
    Path hdrDir;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() {
        Plan plan = plan();
        PrintWriter err = command.commandLine().getErr();
        try (Interruption interruption = Interruption.install()) {
            Output out = new Output(command.commandLine().getOut(), () -> interruption.request(Interruption.Cause.OUTPUT_CLOSED));
            IpcBench.Outcome outcome;
            try {
                outcome = IpcBench.run(plan, new ProgressBar(err, ProgressBar.onConsole(), command.qualifiedName()));
            } catch (RunFailedException e) {
                interruption.reporting();
                err.println(command.qualifiedName() + ": " + e.getMessage());
                err.flush();
                return ExitCodes.FAILED;
            }
            interruption.reporting();
            if (outcome.rounds() == 0) {
                out.line("Interrupted before the first round ended: nothing measured to report.");
                return interruption.exitCode(ExitCodes.FAILED, command);
            }
            List<Row> rows = Row.of(outcome);
            TableReport.print(outcome, rows, out::line);
            List<String> written = write(outcome, rows);
            if (!written.isEmpty()) {
                out.line("");
                out.line("Wrote " + String.join(", ", written));
            }
            return interruption.exitCode(outcome.interrupted() ? ExitCodes.FAILED : ExitCodes.OK, command);
        }
    }

    /** The plan the options describe: the chosen rows plus the baselines, in table order. */
    Plan plan() {
        Sizing sizing = quick ? QUICK : FULL;
        Set<String> chosen = new LinkedHashSet<>();
        if (transports == null) {
            chosen.addAll(Transports.names());
        } else {
            chosen.add(Transports.RTT_BASELINE);
            chosen.add(Transports.THROUGHPUT_BASELINE);
            transports.forEach(t -> chosen.add(t.name()));
        }
        List<Transport> rows = Transports.ALL.stream().filter(t -> chosen.contains(t.name())).toList();
        int warm = warmup != null ? warmup : sizing.warmup();
        boolean counted = roundTrips != null || messages != null || warmup != null;
        return new Plan(rows, List.copyOf(new LinkedHashSet<>(payloads)), rounds != null ? rounds : sizing.rounds(),
                roundTrips != null ? roundTrips : sizing.roundTrips(), messages != null ? messages : sizing.messages(),
                warm, (long) warm * WARMUP_MESSAGES_PER_ROUND_TRIP, counted ? Plan.UNCAPPED : sizing.payloadBytesCap(),
                Plan.CAPACITY, pin);
    }

    /** Writes the files asked for; returns what it wrote, for the last line. A file it cannot write is bad input. */
    private List<String> write(IpcBench.Outcome outcome, List<Row> rows) {
        List<String> written = new ArrayList<>();
        if (json != null) {
            writeText("--json", json, JsonReport.render(outcome, rows));
            written.add(json.toString());
        }
        if (csv != null) {
            writeText("--csv", csv, CsvReport.render(outcome, rows));
            written.add(csv.toString());
        }
        if (hdrDir != null) {
            try {
                int logs = HdrLogs.write(hdrDir, outcome).size();
                written.add(logs + " HdrHistogram logs in " + hdrDir);
            } catch (IOException e) {
                throw OptionErrors.badValue(command, "--hdr-dir", hdrDir.toString(), "cannot write in '" + hdrDir + "': " + e.getMessage());
            }
        }
        return written;
    }

    private void writeText(String option, Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw OptionErrors.badValue(command, option, file.toString(), "cannot write '" + file + "': " + e.getMessage());
        }
    }

    /** A payload size as {@link Quantities#parseSize} reads it (16, 2KiB), from 1 B to {@link Setup#MAX_PAYLOAD}. */
    static final class PayloadSize implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            long size;
            try {
                size = Quantities.parseSize(text.strip());
            } catch (IllegalArgumentException e) {
                throw OptionValues.Problem.invalid(e.getMessage());
            }
            if (size < 1 || size > Setup.MAX_PAYLOAD) {
                throw OptionValues.Problem.must("be from 1 B to 64 KiB (" + Setup.MAX_PAYLOAD + ")", text);
            }
            return (int) size;
        }
    }

    /** A transport's name, one of {@link Transports#names()}. */
    static final class TransportName implements ITypeConverter<Transport> {
        @Override
        public Transport convert(String text) {
            return Transports.named(text.strip()).orElseThrow(() -> OptionValues.Problem.invalid(
                    "unknown transport '" + text + "' (transports: " + String.join(", ", Transports.names()) + ")"));
        }
    }

    /** The names {@code --transports} takes, for its help. */
    static final class TransportNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Transports.names().iterator();
        }
    }

    static final class Rounds implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            return OptionValues.wholeNumber(text, 1, MAX_ROUNDS);
        }
    }

    static final class Count implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            return OptionValues.wholeNumber(text, 1, MAX_COUNT);
        }
    }

    static final class WarmupCount implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            return OptionValues.wholeNumber(text, 0, MAX_COUNT / WARMUP_MESSAGES_PER_ROUND_TRIP);
        }
    }

    /**
     * A file the run can write at its end: not a folder, in a folder that exists, writable. Checked before the
     * run, so that a typo costs nothing; a write that still fails at the end is reported the same way.
     */
    static final class WritableFile implements ITypeConverter<Path> {
        @Override
        public Path convert(String text) {
            Path path = path(text);
            if (Files.isDirectory(path)) {
                throw OptionValues.Problem.invalid("cannot write '" + text + "': it is a folder");
            }
            Path folder = path.toAbsolutePath().getParent();
            if (folder == null || !Files.isDirectory(folder)) {
                throw OptionValues.Problem.invalid("cannot write '" + text + "': no folder " + folder);
            }
            if (Files.exists(path) ? !Files.isWritable(path) : !Files.isWritable(folder)) {
                throw OptionValues.Problem.invalid("cannot write '" + text + "': permission denied");
            }
            return path;
        }
    }

    /** A folder the run can write logs into at its end: an existing writable folder, or one it can create. */
    static final class WritableFolder implements ITypeConverter<Path> {
        @Override
        public Path convert(String text) {
            Path path = path(text);
            Path existing = path.toAbsolutePath();
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (existing == null || !Files.isDirectory(existing)) {
                throw OptionValues.Problem.invalid("cannot write in '" + text + "': "
                        + (existing == null ? "no such folder" : existing + " is not a folder"));
            }
            if (!Files.isWritable(existing)) {
                throw OptionValues.Problem.invalid("cannot write in '" + text + "': permission denied on " + existing);
            }
            return path;
        }
    }

    private static Path path(String text) {
        if (text.isBlank()) {
            throw OptionValues.Problem.invalid("a file name cannot be empty");
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw OptionValues.Problem.invalid("'" + text + "' is not a file name: " + e.getReason());
        }
    }
}
