package dev.bulwark.drill;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Bulwark's version, as Maven wrote it into the jar; a drill's report records it. */
public final class Version {
    private Version() {
    }

    /** {@code 0.1.0}, or {@code unknown} when run from classes Maven did not filter. */
    public static String current() {
        try (InputStream in = Version.class.getResourceAsStream("version.txt")) {
            String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            return text.isEmpty() || text.startsWith("${") ? "unknown" : text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
