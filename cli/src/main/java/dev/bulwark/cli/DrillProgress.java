package dev.bulwark.cli;

import dev.bulwark.drill.DrillListener;
import dev.bulwark.drill.Injection;
import dev.bulwark.drill.Outcome;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A drill's progress on standard error: on a terminal, a bar with the rate and the time left, drawn by the
 * progressbar library (me.tongfei:progressbar), its message the outcomes so far; elsewhere (a pipe, CI's log)
 * nothing: the table on standard output says it all at the end.
 *
 * <p>Threading: called on the drill's thread; the library redraws from its own thread, reading what {@code step}
 * and {@code setExtraMessage} published (its own synchronization).
 */
final class DrillProgress implements DrillListener, AutoCloseable {
    private final PrintStream err; // null: no bar
    private final String name;
    private final Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
    private ProgressBar bar;

    private DrillProgress(PrintStream err, String name) {
        this.err = err;
        this.name = name;
    }

    /** A bar on {@code err} if {@code shown}, else a listener that shows nothing. */
    static DrillProgress open(PrintStream err, boolean shown, String name) {
        return new DrillProgress(shown ? err : null, name);
    }

    /** Whether this process talks to a terminal (JDK 22+: {@code Console.isTerminal}). */
    static boolean onConsole() {
        return System.console() != null && System.console().isTerminal();
    }

    @Override
    public void started(int total) {
        if (err != null) {
            bar = new ProgressBarBuilder().setTaskName("drill " + name).setInitialMax(total)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).showSpeed()
                    .setSpeedUnit(ChronoUnit.SECONDS).setUnit(" inj", 1)
                    .setConsumer(new ConsoleProgressBarConsumer(err)).setMaxRenderedLength(120)
                    .setEtaFunction(state -> state.getCurrent() == 0 ? Optional.empty()
                            : Optional.of(Duration.between(state.getStartInstant(), Instant.now())
                            .multipliedBy(state.getMax() - state.getCurrent()).dividedBy(state.getCurrent())))
                    .build();
        }
    }

    @Override
    public void judged(Injection injection) {
        outcomes.merge(injection.outcome(), 1, Integer::sum);
        if (bar != null) {
            bar.step();
            bar.setExtraMessage(outcomes.entrySet().stream().map(e -> e.getKey().configName() + " " + e.getValue())
                    .collect(Collectors.joining(", ")));
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
