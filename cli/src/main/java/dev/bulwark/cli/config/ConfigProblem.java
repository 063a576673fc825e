package dev.bulwark.cli.config;

/**
 * One thing wrong with a config file, positioned for an editor.
 *
 * @param source  the file (or resource) name
 * @param line    1-based line, or 0 when no position is known
 * @param column  1-based column, or 0 when no position is known
 * @param path    where in the config's structure ({@code sandboxes[1].core}); empty for the file as a whole
 * @param message what is wrong
 */
public record ConfigProblem(String source, int line, int column, String path, String message) {
    /** Whether the problem has a line and column. */
    public boolean positioned() {
        return line > 0;
    }

    /** {@code SOURCE:LINE:COLUMN: PATH: MESSAGE}, or {@code SOURCE: PATH: MESSAGE} without a position. */
    @Override
    public String toString() {
        String where = positioned() ? source + ":" + line + ":" + column : source;
        return path.isEmpty() ? where + ": " + message : where + ": " + path + ": " + message;
    }
}
