package dev.bulwark.monitor.spec;

/**
 * One thing wrong with a {@link SystemSpec}, as {@link SpecValidator} reports it.
 *
 * @param path    where, in config-file terms: {@code chip.cores}, {@code sandboxes[1].core},
 *                {@code channels[3].to}, {@code sandboxes[0].recovery.within}, ...
 * @param message what is wrong, in words a researcher can act on
 */
public record SpecProblem(String path, String message) {
    @Override
    public String toString() {
        return path + ": " + message;
    }
}
