package dev.bulwark.cli.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.bulwark.cli.config.ConfigLoaderTest.APPS;
import static dev.bulwark.cli.config.ConfigLoaderTest.MINIMAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Input a config file should not be, and what the loader makes of it: every problem is one line, named and
 * positioned ({@code FILE:LINE:COL: path: problem}) wherever the input has a place to point at.
 */
class ConfigInputTest {
    private static ConfigException failure(String yaml) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.load("test.yaml", new StringReader(yaml), APPS));
    }

    /**
     * The problem lines {@code e} prints, after checking that its message is a heading plus exactly one line
     * per problem, none holding a character that a terminal or editor could take for a line break.
     */
    private static List<String> problemLines(ConfigException e) {
        List<String> lines = e.getMessage().lines().toList();
        assertEquals(e.problems().size() + 1, lines.size(), e::getMessage);
        for (String line : lines) {
            assertTrue(line.chars().noneMatch(c -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029'),
                    () -> "control character in: " + line);
        }
        assertEquals(e.problems().stream().map(ConfigProblem::toString).toList(), lines.subList(1, lines.size()));
        return lines.subList(1, lines.size());
    }

    /** Asserts that {@code e} has one problem, printed as {@code start} and then, in order, each of {@code words}. */
    private static void assertOnlyProblem(ConfigException e, String start, String... words) {
        List<String> lines = problemLines(e);
        assertEquals(1, lines.size(), e::getMessage);
        String line = lines.getFirst();
        assertTrue(line.startsWith(start), () -> "expected '" + start + "...' but got: " + line);
        int from = start.length();
        for (String word : words) {
            int at = line.indexOf(word, from);
            assertTrue(at >= 0, () -> "no '" + word + "' (in order) in: " + line);
            from = at + word.length();
        }
    }

    @Test
    void aNewlineInASandboxNameCannotSplitTheProblemLine() {
        assertOnlyProblem(failure(MINIMAL.replace("name: a", "name: \"a\\nb\"")),
                "test.yaml:5:11: sandboxes[0].name: ", "sandbox name 'a\\nb' is invalid");
    }

    @Test
    void everyLineBreakingCharacterIsEscaped() {
        assertOnlyProblem(failure(MINIMAL + "\"x\\ty\\rz\\0\\x7f\\x85\\u2028\\u2029\": 1\n"), "test.yaml:9:1: ",
                "unknown key 'x\\ty\\rz\\u0000\\u007F\\u0085\\u2028\\u2029'");
    }

    @Test
    void aNewlineInTheFileNameCannotSplitTheProblemLines(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad\nname.yaml");
        Files.writeString(file, MINIMAL.replace("core: 0", "core: 9"));
        var e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, APPS));
        String shown = dir + "/bad\\nname.yaml";
        assertTrue(e.getMessage().startsWith("invalid config " + shown + " (1 problem):\n"), e::getMessage);
        assertOnlyProblem(e, shown + ":6:11: sandboxes[0].core: ", "core 9 does not exist");
    }

    @Test
    void aProblemKeepsItsTextOnOneLineAndLeavesOrdinaryTextAlone() {
        var problem = new ConfigProblem("f.yaml", 1, 2, "p\n", "a\r\nb");
        assertEquals("p\\n", problem.path());
        assertEquals("a\\r\\nb", problem.message());
        assertEquals("f.yaml:1:2: p\\n: a\\r\\nb", problem.toString());
        String ordinary = "C:\\configs\\ring.yaml, 'naïve', \uD83D\uDE42, \u00A0";
        assertEquals(ordinary, ConfigProblem.singleLine(ordinary));
    }
}
