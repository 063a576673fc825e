package dev.bulwark.cli.config;

/**
 * One thing wrong with a config file, positioned for an editor. A problem is always one line of text: the
 * source, path and message are kept as {@link #singleLine} writes them, whatever the config or file name
 * held, so a sandbox named {@code "a\nb"} cannot split a problem in two or forge a second one.
 *
 * @param source  the file (or resource) name
 * @param line    1-based line, or 0 when no position is known
 * @param column  1-based column, or 0 when no position is known
 * @param path    where in the config's structure ({@code sandboxes[1].core}); empty for the file as a whole
 * @param message what is wrong
 * @param warning whether it is only a warning: the config loads, but probably does not do what was meant
 */
public record ConfigProblem(String source, int line, int column, String path, String message, boolean warning) {
    public ConfigProblem {
        source = singleLine(source);
        path = singleLine(path);
        message = singleLine(message);
    }

    /** An error: the config is refused. */
    public ConfigProblem(String source, int line, int column, String path, String message) {
        this(source, line, column, path, message, false);
    }

    /** Whether the problem has a line and column. */
    public boolean positioned() {
        return line > 0;
    }

    /**
     * {@code SOURCE:LINE:COLUMN: PATH: MESSAGE}, or {@code SOURCE: PATH: MESSAGE} without a position; a
     * warning says so before the path ({@code SOURCE:LINE:COLUMN: warning: PATH: MESSAGE}).
     */
    @Override
    public String toString() {
        String where = (positioned() ? source + ":" + line + ":" + column : source) + (warning ? ": warning" : "");
        return path.isEmpty() ? where + ": " + message : where + ": " + path + ": " + message;
    }

    /**
     * {@code text} with every character that could end or disturb a line written as an escape: {@code \n},
     * {@code \r} and {@code \t} as such, the other control characters (C0, DEL, C1) and the Unicode line and
     * paragraph separators as {@code \}{@code uXXXX}. Backslashes are left as they are, so a Windows path
     * still reads as one; text that already held {@code \n} as two characters looks the same as an escaped
     * newline, which a reader can live with.
     */
    static String singleLine(String text) {
        if (text == null) {
            return "";
        }
        int first = 0;
        while (first < text.length() && !needsEscape(text.charAt(first))) {
            first++;
        }
        if (first == text.length()) {
            return text;
        }
        var escaped = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                case '\t' -> escaped.append("\\t");
                default -> {
                    if (needsEscape(c)) {
                        escaped.append("\\u%04X".formatted((int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }

    private static boolean needsEscape(char c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
    }
}
