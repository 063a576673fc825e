package dev.bulwark.bench.ipc;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A run's progress on standard error: on a console, one line redrawn in place ({@code \r}) with a bar, the
 * measurement under way and the time left; otherwise (a pipe, a log file) a plain line at most every
 * {@link #PLAIN_EVERY_NANOS}, so a log stays short. Drawn between measurements, on the coordinating thread,
 * never while the two measured threads run.
 */
final class ProgressBar implements Progress {
    static final long PLAIN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int WIDTH = 24;

    private final PrintWriter err;
    private final boolean console;
    private final String name;
    private final long startNanos = System.nanoTime();
    private long lastPlainNanos = startNanos - PLAIN_EVERY_NANOS;
    private int drawn; // characters on the console line now

    /** {@code name} begins plain lines ({@code bulwark bench ipc}); {@code console}: redraw one line in place. */
    ProgressBar(PrintWriter err, boolean console, String name) {
        this.err = err;
        this.console = console;
        this.name = name;
    }

    /** Whether this process's standard streams are a terminal (JDK 22+: {@code Console.isTerminal}). */
    static boolean onConsole() {
        return System.console() != null && System.console().isTerminal();
    }

    @Override
    public void step(String what, int done, int total) {
        long now = System.nanoTime();
        int percent = (int) (100L * done / total);
        String left = done == 0 ? "" : String.format(Locale.ROOT, ", about %d s left",
                Math.round((now - startNanos) / 1e9 * (total - done) / done));
        if (console) {
            int filled = WIDTH * done / total;
            String line = String.format(Locale.ROOT, "[%s%s] %3d%%  %s%s", "#".repeat(filled), ".".repeat(WIDTH - filled),
                    percent, what, left);
            err.print("\r" + line + " ".repeat(Math.max(0, drawn - line.length())));
            drawn = line.length();
            err.flush();
        } else if (now - lastPlainNanos >= PLAIN_EVERY_NANOS) {
            err.println(String.format(Locale.ROOT, "%s: %d%% (%s%s)", name, percent, what, left));
            err.flush();
            lastPlainNanos = now;
        }
    }

    @Override
    public void finished() {
        if (console && drawn > 0) {
            err.print("\r" + " ".repeat(drawn) + "\r");
            err.flush();
            drawn = 0;
        }
    }
}
