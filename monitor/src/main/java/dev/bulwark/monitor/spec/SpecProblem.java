package dev.bulwark.monitor.spec;

/**
 * One thing wrong, or doubtful, in a {@link SystemSpec}, as {@link SpecValidator} reports it.
 *
 * @param path     where, in config-file terms: {@code chip.cores}, {@code sandboxes[1].core},
 *                 {@code channels[3].to}, {@code sandboxes[0].params.next}, ...
 * @param message  what is wrong, in words a researcher can act on
 * @param severity an error refuses the spec; a warning lets it boot but probably not do what was meant
 */
public record SpecProblem(String path, String message, Severity severity) {
    /** Whether a problem refuses the spec. */
    public enum Severity { ERROR, WARNING }

    /** An error. */
    public SpecProblem(String path, String message) {
        this(path, message, Severity.ERROR);
    }

    public static SpecProblem warning(String path, String message) {
        return new SpecProblem(path, message, Severity.WARNING);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        return (isError() ? "" : "warning: ") + path + ": " + message;
    }
}
