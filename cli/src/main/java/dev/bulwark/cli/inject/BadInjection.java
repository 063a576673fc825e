package dev.bulwark.cli.inject;

/**
 * An {@code --inject} value that will not do. Its message is one statement that quotes the value as typed and
 * says what is wrong with it: {@code invalid injection 'hang sandbox=nobody after=1s': no sandbox named 'nobody'
 * (sandboxes: a, b)}; the command prints it after the option's name and exits with code 2.
 */
public final class BadInjection extends RuntimeException {
    private final String typed;

    public BadInjection(String typed, String problem) {
        super("invalid injection '" + typed + "': " + problem);
        this.typed = typed;
    }

    /** The value as the user typed it. */
    public String typed() {
        return typed;
    }
}
