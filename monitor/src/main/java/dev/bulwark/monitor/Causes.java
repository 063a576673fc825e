package dev.bulwark.monitor;

/** How the monitor writes a throwable into an event: its simple class name and its message, on one line. */
final class Causes {
    private Causes() {
    }

    static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message.replace('\n', ' '));
    }
}
