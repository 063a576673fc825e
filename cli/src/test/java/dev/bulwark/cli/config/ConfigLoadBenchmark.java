package dev.bulwark.cli.config;

import dev.bulwark.sandbox.app.App;
import dev.bulwark.sandbox.app.AppDescriptor;
import dev.bulwark.sandbox.app.AppRegistry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntFunction;

/**
 * How long {@link ConfigLoader#load(Path, AppRegistry)} takes on the worst files one can write near the size
 * limit, printed beside the baselines (a small config, and a config of about 1 MiB of short lines) measured
 * in the same run. Not a test: a test never times. Run it from the repository root after
 * {@code mvn -q -pl cli -am test-compile}:
 * <pre>
 * CP=cli/target/test-classes:$HOME/.m2/repository/org/yaml/snakeyaml/2.5/snakeyaml-2.5.jar
 * for m in cli monitor sandboxes apps ipc hw-model; do CP=$CP:$m/target/classes; done
 * java -Xmx512m -cp $CP dev.bulwark.cli.config.ConfigLoadBenchmark
 * </pre>
 */
public final class ConfigLoadBenchmark {
    private static final int ROUNDS = 5;
    private static final App IDLE = ctx -> {
    };
    /** echo takes no params: a config that gives it many is loaded, validated, and refused (one problem each). */
    private static final AppRegistry APPS = AppRegistry.of(AppDescriptor.of("echo", "Does nothing.", params -> IDLE));
    private static final String HEAD = """
            chip: {cores: 4, memory: 64MiB}
            sandboxes:
              - {name: a, core: 0, memory: 1MiB, app: echo}
            """;

    private ConfigLoadBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("config-bench");
        int mib = 1 << 20;
        run(dir, "baseline: small config", size -> HEAD, 0);
        run(dir, "baseline: short comment lines", size -> HEAD + "# a comment of a usual length\n".repeat(size / 30),
                mib - 200);
        run(dir, "one long comment line", size -> HEAD + "#" + "x".repeat(size) + "\n", mib - 200);
        run(dir, "one long plain scalar", size -> HEAD + "x: " + "x".repeat(size) + "\n", mib - 200);
        run(dir, "one long quoted scalar", size -> HEAD + "x: \"" + "x".repeat(size) + "\"\n", mib - 200);
        int longest = ConfigLoader.MAX_LINE_LENGTH;
        run(dir, "lines as long as may be", size -> HEAD + ("#" + "x".repeat(longest - 1) + "\n")
                .repeat(size / (longest + 1)), mib - 200);
        run(dir, "scalars as long as may be", size -> HEAD + ("x: " + "x".repeat(longest - 3) + "\n")
                .repeat(size / (longest + 1)), mib - 200);
        run(dir, "many params", size -> manyParams(size, 0), mib - 200);
        run(dir, "many params, aliased by 50 sandboxes", size -> manyParams(size, 50), mib - 200);
        run(dir, "a 512 KiB value, aliased to the end", size -> {
            var text = new StringBuilder(HEAD).append("x: &v |\n");
            while (text.length() < size / 2) {
                text.append("  ").append("y".repeat(77)).append('\n');
            }
            text.append("channels:\n");
            while (text.length() < size) {
                text.append("  - *v\n");
            }
            return text.toString();
        }, mib - 200);
        run(dir, "one comment line of 4 MiB", size -> HEAD + "#" + "x".repeat(size) + "\n", 4 * mib);
    }

    /** A second sandbox with as many params as make {@code size} characters, {@code aliases} more sharing them. */
    private static String manyParams(int size, int aliases) {
        var text = new StringBuilder(HEAD.replace("cores: 4", "cores: 64")).append("""
                  - name: b
                    core: 1
                    memory: 1MiB
                    app: echo
                    params: &p
                """);
        var sharing = new StringBuilder();
        for (int i = 2; i < 2 + aliases; i++) {
            sharing.append("  - {name: s%d, core: %d, memory: 1MiB, app: echo, params: *p}\n".formatted(i, i));
        }
        for (int i = 0; text.length() + sharing.length() < size; i++) {
            text.append("      k").append(i).append(": v\n");
        }
        return text.append(sharing).toString();
    }

    private static void run(Path dir, String name, IntFunction<String> text, int size) throws IOException {
        Path file = dir.resolve("bench.yaml");
        Files.writeString(file, text.apply(size));
        long best = Long.MAX_VALUE;
        String outcome = "loaded";
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            try {
                ConfigLoader.load(file, APPS);
            } catch (ConfigException e) {
                outcome = e.problems().getFirst().toString().replace(file.toString(), "bench.yaml");
            }
            best = Math.min(best, System.nanoTime() - start);
        }
        System.out.printf("%-38s %9d bytes %9.1f ms  %s%n", name, Files.size(file), best / 1e6,
                outcome.length() > 90 ? outcome.substring(0, 90) + "..." : outcome);
        Files.delete(file);
    }
}
