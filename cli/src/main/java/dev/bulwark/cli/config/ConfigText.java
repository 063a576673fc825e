package dev.bulwark.cli.config;

import dev.bulwark.monitor.spec.Units;
import org.yaml.snakeyaml.error.Mark;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

import static dev.bulwark.cli.config.ConfigLoader.MAX_CONFIG_BYTES;
import static dev.bulwark.cli.config.ConfigLoader.MAX_CONFIG_CHARS;
import static dev.bulwark.cli.config.ConfigLoader.MAX_LINE_LENGTH;

/**
 * The text of a config, read within the limits {@link ConfigLoader} states on its size, its encoding and the
 * length of its lines; and the place of any character in it, counted as SnakeYAML counts lines and columns,
 * so that a position found here and one SnakeYAML reports agree.
 */
final class ConfigText {
    private static final int[] NO_SNIPPET = new int[0];

    private ConfigText() {
    }

    /**
     * The text of {@code file}; empty, with a problem reported, when there is no file to read, when it is larger
     * than {@link ConfigLoader#MAX_CONFIG_BYTES}, when it is not UTF-8, or when a line is too long.
     */
    static Optional<String> read(Path file, Diagnostics diagnostics) {
        if (file.toString().isEmpty()) {
            diagnostics.fileError("no config file name given (the path is empty)");
            return Optional.empty();
        }
        byte[] bytes;
        try {
            var attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (attributes.isDirectory()) {
                diagnostics.fileError("cannot read config file: is a directory");
                return Optional.empty();
            }
            if (attributes.isRegularFile() && attributes.size() > MAX_CONFIG_BYTES) {
                diagnostics.fileError("config file is %s, more than the %s a config may have".formatted(
                        Units.size(attributes.size()), Units.size(MAX_CONFIG_BYTES)));
                return Optional.empty();
            }
            // A device or a pipe has no size to check, and a regular file may grow after the check: read at
            // most one byte past the limit, whatever the file turns out to be.
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes(MAX_CONFIG_BYTES + 1);
            }
        } catch (IOException e) {
            diagnostics.fileError("cannot read config file: " + reason(e));
            return Optional.empty();
        }
        if (bytes.length > MAX_CONFIG_BYTES) {
            diagnostics.fileError("config file is more than the %s a config may have".formatted(
                    Units.size(MAX_CONFIG_BYTES)));
            return Optional.empty();
        }
        return decode(bytes, diagnostics).filter(text -> linesWithinLimit(text, diagnostics));
    }

    /**
     * The text {@code reader} gives; empty, with a problem, when reading fails, when a line is too long, or
     * when it gives more than {@link ConfigLoader#MAX_CONFIG_CHARS}, positioned at the first character past
     * the limit: the reader is read no further than that.
     */
    static Optional<String> read(Reader reader, Diagnostics diagnostics) {
        var text = new StringBuilder();
        var buffer = new char[8192];
        try {
            for (int n = 0; n >= 0 && text.length() <= MAX_CONFIG_CHARS; ) {
                n = reader.read(buffer, 0, Math.min(buffer.length, MAX_CONFIG_CHARS + 1 - text.length()));
                text.append(buffer, 0, Math.max(n, 0));
            }
        } catch (IOException e) {
            diagnostics.fileError("cannot read config: " + reason(e));
            return Optional.empty();
        }
        String read = text.toString();
        if (read.length() > MAX_CONFIG_CHARS) {
            diagnostics.error(mark(diagnostics.source(), read, MAX_CONFIG_CHARS), "",
                    "config is more than the %d characters a config may have".formatted(MAX_CONFIG_CHARS));
            return Optional.empty();
        }
        return Optional.of(read).filter(checked -> linesWithinLimit(checked, diagnostics));
    }

    /**
     * Whether every line of {@code text} is within {@link ConfigLoader#MAX_LINE_LENGTH}; each that is not is
     * reported, positioned at its first character past the limit.
     */
    private static boolean linesWithinLimit(String text, Diagnostics diagnostics) {
        int problemsBefore = diagnostics.problemCount();
        var cursor = new Cursor(text);
        Mark pastLimit = null; // on the current line
        while (!cursor.atEnd()) {
            Mark here = cursor.column == MAX_LINE_LENGTH && pastLimit == null
                    ? cursor.mark(diagnostics.source())
                    : null;
            int length = cursor.column;
            if (cursor.forward()) {
                reportLongLine(pastLimit, length, diagnostics);
                pastLimit = null;
            } else if (here != null) {
                pastLimit = here;
            }
        }
        reportLongLine(pastLimit, cursor.column, diagnostics);
        return diagnostics.problemCount() == problemsBefore;
    }

    private static void reportLongLine(Mark pastLimit, int length, Diagnostics diagnostics) {
        if (pastLimit != null) {
            diagnostics.error(pastLimit, "", "line is %d characters long, more than the %d a line may have"
                    .formatted(length, MAX_LINE_LENGTH));
        }
    }

    /** {@code bytes} as UTF-8; empty, with a problem positioned at the first byte that is not, if any is not. */
    private static Optional<String> decode(byte[] bytes, Diagnostics diagnostics) {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder(); // reports malformed input, replaces nothing
        var in = ByteBuffer.wrap(bytes);
        var out = CharBuffer.allocate(bytes.length); // UTF-8 never decodes to more chars than it has bytes
        CoderResult result = utf8.decode(in, out, true);
        if (!result.isError()) {
            result = utf8.flush(out);
        }
        String text = out.flip().toString();
        if (result.isError()) {
            diagnostics.error(mark(diagnostics.source(), text, text.length()), "",
                    "not UTF-8 text (byte 0x%02X)".formatted(bytes[in.position()] & 0xFF));
            return Optional.empty();
        }
        return Optional.of(text);
    }

    private static String reason(IOException e) {
        return switch (e) {
            case NoSuchFileException ignored -> "no such file";
            case AccessDeniedException ignored -> "permission denied";
            case FileSystemException fs when fs.getReason() != null -> fs.getReason();
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
    }

    /** Where the character at {@code charIndex} of {@code text} is (the end of the text, past its last). */
    static Mark mark(String source, String text, int charIndex) {
        var cursor = new Cursor(text);
        while (cursor.index < charIndex && !cursor.atEnd()) {
            cursor.forward();
        }
        return cursor.mark(source);
    }

    /**
     * A walk through a text that keeps its line and column as SnakeYAML's {@code StreamReader.forward} does:
     * lines end at LF, NEL, LS, PS, and at a CR that is neither before an LF nor last; columns count code
     * points, a byte order mark taking none.
     */
    private static final class Cursor {
        private final String text;
        private int index;      // in chars
        private int codePoints; // passed
        private int line;       // 0-based
        private int column;     // 0-based

        Cursor(String text) {
            this.text = text;
        }

        boolean atEnd() {
            return index >= text.length();
        }

        /** Passes one code point; returns whether it ended a line. */
        boolean forward() {
            int c = text.codePointAt(index);
            index += Character.charCount(c);
            codePoints++;
            if (c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029'
                    || c == '\r' && !atEnd() && text.charAt(index) != '\n') {
                line++;
                column = 0;
                return true;
            }
            if (c != '\uFEFF') {
                column++;
            }
            return false;
        }

        Mark mark(String source) {
            return new Mark(source, codePoints, line, column, NO_SNIPPET, 0);
        }
    }
}
