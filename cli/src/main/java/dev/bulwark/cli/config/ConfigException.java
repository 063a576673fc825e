package dev.bulwark.cli.config;

import java.util.List;

/** A config file that could not be loaded, with every problem found in it. */
public final class ConfigException extends Exception {
    private final String source;
    private final List<ConfigProblem> problems;

    public ConfigException(String source, List<ConfigProblem> problems) {
        super(describe(source, problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    /** The file (or resource) name. */
    public String source() {
        return source;
    }

    /** The problems, in the order they were found. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    /** A heading line, then one line per problem: each line as {@link ConfigProblem#singleLine} keeps it. */
    private static String describe(String source, List<ConfigProblem> problems) {
        var text = new StringBuilder("invalid config %s (%d problem%s):".formatted(
                ConfigProblem.singleLine(source), problems.size(), problems.size() == 1 ? "" : "s"));
        problems.forEach(p -> text.append('\n').append(p));
        return text.toString();
    }
}
