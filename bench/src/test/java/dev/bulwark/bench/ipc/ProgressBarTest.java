package dev.bulwark.bench.ipc;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressBarTest {
    @Test
    void onAConsoleOneLineIsRedrawnInPlaceAndClearedAtTheEnd() {
        StringWriter err = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(err), true, "bulwark bench ipc");
        bar.step("warming up: raw, 16 B", 0, 4);
        bar.step("round 1/1: raw, 16 B", 2, 4);
        bar.finished();
        String text = err.toString();
        assertTrue(text.startsWith("\r[........................]   0%  warming up: raw, 16 B\r[############............]  50%  round 1/1: raw, 16 B, about "), text);
        assertTrue(text.endsWith("\r"), "the line is blanked out at the end: " + text);
        assertEquals(-1, text.indexOf('\n'), "never a new line: " + text);
    }

    @Test
    void elsewhereAPlainLineAtMostEveryTenSeconds() {
        StringWriter err = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(err), false, "bulwark bench ipc");
        bar.step("warming up: raw, 16 B", 0, 4);
        bar.step("round 1/1: raw, 16 B", 2, 4); // within ten seconds of the first line
        bar.finished();
        assertEquals("bulwark bench ipc: 0% (warming up: raw, 16 B)" + System.lineSeparator(), err.toString());
    }
}
