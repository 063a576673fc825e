package dev.bulwark.sandbox.app;

/** A console the sandbox owns: lines of text out, to whoever watches the chip (the run's output). */
public interface ConsolePort {
    /** The device's name in the config. */
    String device();

    /** Prints one line (a trailing newline is not needed). */
    void println(String line);
}
