package dev.bulwark.cli.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntFunction;

import static dev.bulwark.cli.config.ConfigLoaderTest.APPS;
import static dev.bulwark.cli.config.ConfigLoaderTest.MINIMAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Input a config file should not be, and what the loader makes of it: every problem is one line, named and
 * positioned ({@code FILE:LINE:COL: path: problem}) wherever the input has a place to point at.
 */
class ConfigInputTest {
    private static final int MIB = 1 << 20;

    private static ConfigException failure(String yaml) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.load("test.yaml", new StringReader(yaml), APPS));
    }

    private static ConfigException failure(Path file) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.load(file, APPS));
    }

    /** A valid config of exactly {@code bytes} bytes: {@link ConfigLoaderTest#MINIMAL} and comment lines. */
    private static String configOf(int bytes) {
        var text = new StringBuilder(MINIMAL);
        while (text.length() + 80 < bytes) {
            text.append("#".repeat(79)).append('\n');
        }
        return text.append("#".repeat(bytes - text.length() - 1)).append('\n').toString();
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

    @Test
    void aFileOverTheSizeLimitIsRefusedBeforeItIsRead(@TempDir Path dir) throws Exception {
        Path big = dir.resolve("big.yaml");
        try (var file = new RandomAccessFile(big.toFile(), "rw")) {
            file.setLength(3L << 30); // sparse: costs neither disk nor time, but 3 GiB of heap to read
        }
        assertOnlyProblem(failure(big), big + ": config file is 3 GiB, more than the 1 MiB a config may have");
    }

    @Test
    void aFileOfExactlyTheSizeLimitLoadsAndOneByteMoreDoesNot(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("edge.yaml");
        Files.writeString(file, configOf(MIB));
        assertEquals(MIB, Files.size(file));
        assertEquals("a", ConfigLoader.load(file, APPS).spec().sandboxes().getFirst().name());
        Files.writeString(file, configOf(MIB + 1));
        assertOnlyProblem(failure(file), file + ": config file is 1.0 MiB, more than the 1 MiB a config may have");
    }

    @Test
    void aDeviceIsReadNoFurtherThanTheSizeLimit() {
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.isReadable(zero), "no /dev/zero here");
        assertOnlyProblem(failure(zero), "/dev/zero: config file is more than the 1 MiB a config may have");
        Path nothing = Path.of("/dev/null");
        assumeTrue(Files.isReadable(nothing), "no /dev/null here");
        assertOnlyProblem(failure(nothing), "/dev/null: config is empty");
    }

    @Test
    void aDirectoryIsNotAConfigFile(@TempDir Path dir) {
        assertOnlyProblem(failure(dir), dir + ": cannot read config file: is a directory");
    }

    @Test
    void anEmptyPathSaysThatNoFileNameWasGiven() {
        var e = failure(Path.of(""));
        assertEquals("invalid config '' (1 problem):\n'': no config file name given (the path is empty)",
                e.getMessage());
        assertOnlyProblem(e, "'': no config file name given");
    }

    @Test
    void bytesThatAreNotUtf8ArePositionedAtTheFirstBadByte(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("latin1.yaml");
        Files.write(file, "chip:\n  cores: \u00e92\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertOnlyProblem(failure(file), file + ":2:10: not UTF-8 text (byte 0xE9)");
        Files.write(file, new byte[] {'#', ' ', (byte) 0xE2, (byte) 0x82}); // a euro sign cut short
        assertOnlyProblem(failure(file), file + ":1:3: not UTF-8 text (byte 0xE2)");
    }

    @Test
    void aControlCharacterIsPositionedAndNamed() {
        assertOnlyProblem(failure(MINIMAL.replace("app: echo", "app: ec\u0007ho")), "test.yaml:8:12: ",
                "control character U+0007 is not allowed");
        // Far past SnakeYAML's first read of 1023 chars, after characters outside the BMP (one column each).
        assertOnlyProblem(failure(MINIMAL + "# " + "x".repeat(3000) + "\n# \uD83D\uDE42\uD83D\uDE42 \u0000\n"),
                "test.yaml:10:6: ", "control character U+0000 is not allowed");
        assertOnlyProblem(failure(MINIMAL + "# \uFFFE\n"), "test.yaml:9:3: ", "character U+FFFE is not allowed");
    }

    @Test
    void positionsFoundHereAgreeWithSnakeYamlsAfterEveryKindOfLineBreak() {
        // A byte order mark takes no column; CR LF, CR, NEL, LS and PS each end a line.
        String text = "\uFEFFchip: {cores: 2, memory: 4MiB}\r\nsandboxes: []\rx3: 1\u0085x4: 1\u2028x5: 1\u2029x6: ";
        var unknown = problemLines(failure(text + "1\n"));
        assertEquals("test.yaml:6:1: unknown key 'x6' (expected one of: chip, devices, sandboxes, channels, groups, detection, "
                + "recovery)", unknown.getLast(), "SnakeYAML's position");
        assertOnlyProblem(failure(text + "\u0007\n"), "test.yaml:6:5: ", "control character U+0007");
    }

    @Test
    void nestingDeeperThanTheLimitIsPositionedAtTheFirstNodeTooDeep() {
        // The root map holds "chip"; the list opened at the k-th '[' lies inside k maps and lists.
        assertOnlyProblem(failure("chip: " + "[".repeat(51) + "]".repeat(51) + "\n"), "test.yaml:1:57: ",
                "nesting deeper than 50 levels");
        var fifty = failure("chip: " + "[".repeat(50) + "]".repeat(50) + "\nsandboxes: []\n");
        assertOnlyProblem(fifty, "test.yaml:1:7: chip: ", "expected a map, got a list");
    }

    @Test
    void aliasesOfCollectionsOverTheLimitArePositionedAtTheFirstOneTooMany() throws Exception {
        var config = new StringBuilder("""
                chip: {cores: 64, memory: 64MiB}
                sandboxes:
                  - {name: s0, core: 0, memory: 1MiB, app: echo, recovery: &r {maxRestarts: 5}}
                """);
        for (int i = 1; i <= 50; i++) {
            config.append("  - {name: s%d, core: %d, memory: 1MiB, app: echo, recovery: *r}\n".formatted(i, i));
        }
        var spec = ConfigLoader.load("test.yaml", new StringReader(config.toString()), APPS).spec();
        assertEquals(51, spec.sandboxes().size());
        assertEquals(5, spec.sandboxes().getLast().recovery().maxRestarts());
        config.append("  - {name: s51, core: 51, memory: 1MiB, app: echo, recovery: *r}\n");
        assertOnlyProblem(failure(config.toString()), "test.yaml:54:62: ", "more than 50 aliases of maps or lists");
    }

    /**
     * A config whose first sandbox's params start with {@code params} and go on for 5000 lines of 64 characters
     * made by {@code line}, and three more sandboxes whose params are {@code alias}: 5011 lines.
     */
    private static StringBuilder sharedParams(String params, IntFunction<String> line, String alias) {
        var config = new StringBuilder("""
                chip: {cores: 64, memory: 64MiB}
                sandboxes:
                  - name: s0
                    core: 0
                    memory: 1MiB
                    app: needs-x
                """).append(params);
        for (int i = 0; i < 5000; i++) {
            config.append(line.apply(i));
        }
        for (int i = 1; i <= 3; i++) {
            config.append("  - {name: s%d, core: %d, memory: 1MiB, app: needs-x, params: %s}\n".formatted(i, i, alias));
        }
        return config;
    }

    @Test
    void aliasesOfAMapStandForNoMoreTextThanAConfigMayHave() throws Exception {
        var config = sharedParams("    params: &p\n      x: 1\n", i -> "      k%053d: v\n".formatted(i), "*p");
        var spec = ConfigLoader.load("test.yaml", new StringReader(config.toString()), APPS).spec();
        assertEquals(5001, spec.sandboxes().getLast().params().size(), "three aliases of 320,000 characters");
        config.append("  - {name: s4, core: 4, memory: 1MiB, app: needs-x, params: *p}\n");
        assertOnlyProblem(failure(config.toString()), "test.yaml:5012:61: ",
                "aliases stand for more than 1048576 characters of config in all (*p alone for ");
    }

    @Test
    void aliasesOfAValueStandForNoMoreTextThanAConfigMayHave() throws Exception {
        var config = sharedParams("    params:\n      x: &b |\n", i -> "        " + "y".repeat(55) + "\n", "{x: *b}");
        var spec = ConfigLoader.load("test.yaml", new StringReader(config.toString()), APPS).spec();
        assertEquals(280_000, spec.sandboxes().getLast().params().get("x").length(), "three aliases");
        config.append("  - {name: s4, core: 4, memory: 1MiB, app: needs-x, params: {x: *b}}\n");
        assertOnlyProblem(failure(config.toString()), "test.yaml:5012:65: ",
                "aliases stand for more than 1048576 characters of config in all (*b alone for ");
    }

    @Test
    void aRecursiveAliasIsOnlyAValueOfTheWrongKind() {
        var e = failure("chip: &c {cores: *c, memory: 4MiB}\nsandboxes: &s [*s]\n");
        // An alias is the very node it names, so its problems point where that node is written.
        assertEquals(List.of("test.yaml:1:7: chip.cores: expected an integer, got a map",
                "test.yaml:2:12: sandboxes[0]: expected a map, got a list"), problemLines(e));
    }

    @Test
    void aReaderIsReadNoFurtherThanTheCharacterLimitWhichIsPositioned() throws Exception {
        String config = configOf(MIB);
        assertEquals("a", ConfigLoader.load("test.yaml", new StringReader(config), APPS).spec().sandboxes().getFirst().name());
        assertOnlyProblem(failure(configOf(MIB + 1)), "test.yaml:13114:79: ",
                "config is more than the 1048576 characters a config may have");
        Reader endless = new Reader() { // a config that never ends, on one line
            @Override
            public int read(char[] buffer, int offset, int length) {
                java.util.Arrays.fill(buffer, offset, offset + length, 'x');
                return length;
            }

            @Override
            public void close() {
            }
        };
        var e = assertThrows(ConfigException.class, () -> ConfigLoader.load("endless", endless, APPS));
        assertOnlyProblem(e, "endless:1:1048577: ", "config is more than the 1048576 characters");
    }

    @Test
    void aLineOverTheLineLimitIsPositionedWhereItPassesTheLimit() throws Exception {
        String limit = "x".repeat(16 * 1024 - 1);
        var spec = ConfigLoader.load("test.yaml", new StringReader(MINIMAL + "#" + limit + "\n"), APPS).spec();
        assertEquals("a", spec.sandboxes().getFirst().name(), "a line of exactly 16384 characters is fine");
        assertOnlyProblem(failure(MINIMAL + "#" + limit + "1234567890\n"), "test.yaml:9:16385: ",
                "line is 16394 characters long, more than the 16384 a line may have");
        var two = failure(MINIMAL.replace("app: echo", "app: echo\n    params: {x: \"" + limit + limit + "\"}")
                + "# \uD83D\uDE42" + limit); // the last line ends the file; a character outside the BMP is one
        var lines = problemLines(two);
        assertEquals(List.of(
                "test.yaml:9:16385: line is 32785 characters long, more than the 16384 a line may have",
                "test.yaml:10:16385: line is 16386 characters long, more than the 16384 a line may have"), lines);
    }
}
