package dev.bulwark.cli.config;

import java.util.List;

/**
 * A config file that could not be loaded, with every problem found in it. Its message lists the first
 * {@link #SHOWN} and says how many more there were: a file of a thousand bad lines gets a readable answer.
 */
public final class ConfigException extends Exception {
    /** How many problems the message lists. */
    static final int SHOWN = 100;

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
        problems.stream().limit(SHOWN).forEach(p -> text.append('\n').append(p));
        if (problems.size() > SHOWN) {
            text.append("\n... and ").append(problems.size() - SHOWN).append(" more");
        }
        return text.toString();
    }
}
