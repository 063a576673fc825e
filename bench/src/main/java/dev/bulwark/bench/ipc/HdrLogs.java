package dev.bulwark.bench.ipc;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Each round-trip histogram as an HdrHistogram log ({@code --hdr-dir}), one file per transport and payload,
 * {@code rtt-jctools-16B.hlog}, with one interval per round (its wall-clock start and end): what
 * {@code HistogramLogProcessor}, HdrHistogram's plotter and {@code HistogramLogReader} read. Values are
 * nanoseconds; the logs' "Interval_Max" column is in milliseconds (HdrHistogram's default ratio of 10^6).
 */
final class HdrLogs {
    private HdrLogs() {
    }

    /** The file name of one measurement's log. */
    static String fileName(Measurement m) {
        return "rtt-" + m.transport().name() + "-" + m.payload() + "B.hlog";
    }

    /** Writes every measurement's log into {@code dir} (created if missing); returns the files written. */
    static List<Path> write(Path dir, IpcBench.Outcome outcome) throws IOException {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        for (Measurement m : outcome.measurements()) {
            Path file = dir.resolve(fileName(m));
            List<Histogram> rounds = m.roundTrips();
            try (PrintStream out = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8)) {
                HistogramLogWriter log = new HistogramLogWriter(out);
                log.outputComment("bulwark bench ipc: round-trip time of " + m.transport().name() + ", payload "
                        + m.payload() + " B (carried " + m.transport().carriedBytes(m.payload()) + " B), in ns; one interval per round");
                log.outputComment("host: " + outcome.host().cpu() + ", " + outcome.host().cpus() + " CPUs; JDK "
                        + outcome.host().jdk() + "; threads " + outcome.pinning().describe());
                log.outputLogFormatVersion();
                long base = rounds.isEmpty() ? System.currentTimeMillis() : rounds.getFirst().getStartTimeStamp();
                log.outputStartTime(base);
                log.setBaseTime(base);
                log.outputLegend();
                for (Histogram round : rounds) {
                    log.outputIntervalHistogram(round);
                }
                if (out.checkError()) {
                    throw new IOException("writing " + file + " failed");
                }
            }
            files.add(file);
        }
        return files;
    }
}
