package dev.bulwark.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A command's standard output, one whole line per call, from any thread: a line printed by an event listener
 * never lands inside a line printed by the command. After each line it asks {@link PrintWriter#checkError()}
 * whether the output still works; the first time it does not (the reader of a pipe has gone, as with
 * {@code | head}), it calls {@code onClosed} once and drops every later line.
 *
 * <p>On the real standard output this works because {@link BulwarkCli#main} gives picocli a PrintWriter built
 * directly on {@code System.out}: such a writer consults the PrintStream's own error flag, which a failed
 * write sets (PrintStream swallows the IOException). Picocli's default writer wraps {@code System.out} in an
 * OutputStreamWriter first, and its {@code checkError()} never turns true.
 *
 * <p>Threads: any; {@code line} holds this object's lock while it prints, and nothing else, so a listener
 * that prints under its own lock cannot deadlock with it.
 */
public final class Output {
    private final PrintWriter out;
    private final Runnable onClosed;
    private boolean closed; // guarded by this

    /** Prints to {@code out}; calls {@code onClosed} (on the printing thread) when {@code out} stops working. */
    public Output(PrintWriter out, Runnable onClosed) {
        this.out = out;
        this.onClosed = onClosed;
    }

    /** Prints {@code text} and a line separator in one call, then flushes; does nothing once the output is closed. */
    public synchronized void line(String text) {
        if (closed) {
            return;
        }
        out.println(text);
        if (out.checkError()) { // flushes, then asks
            closed = true;
            onClosed.run();
        }
    }

    /** {@link #line(String)} of {@code format} formatted with {@code args} in {@link Locale#ROOT}. */
    public void line(String format, Object... args) {
        line(String.format(Locale.ROOT, format, args));
    }
}
