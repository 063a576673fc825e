package dev.bulwark.cli.config;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The problems found while loading one config, and where each config path starts in the file, so that a
 * problem found later, on the built spec, can still point at the right line and column.
 */
final class Diagnostics {
    private final String source;
    private final List<ConfigProblem> problems = new ArrayList<>();
    private final List<ConfigProblem> warnings = new ArrayList<>();
    private final Map<String, Mark> marks = new HashMap<>();

    Diagnostics(String source) {
        this.source = source;
    }

    String source() {
        return source;
    }

    /** Records that {@code path} starts where {@code node} does. */
    void mark(String path, Node node) {
        marks.put(path, node.getStartMark());
    }

    /** A problem at {@code node}. */
    void error(Node node, String path, String message) {
        error(node.getStartMark(), path, message);
    }

    /** A problem at {@code mark}, or without a position when {@code mark} is null. */
    void error(Mark mark, String path, String message) {
        problems.add(mark == null
                ? new ConfigProblem(source, 0, 0, path, message)
                : new ConfigProblem(source, mark.getLine() + 1, mark.getColumn() + 1, path, message));
    }

    /** A problem with the file as a whole, without a position. */
    void fileError(String message) {
        error((Mark) null, "", message);
    }

    /**
     * A problem at {@code path}, positioned where that path was recorded, or else where its nearest
     * recorded parent was ({@code sandboxes[1].params} falls back to {@code sandboxes[1]}).
     */
    void errorAt(String path, String message) {
        error(nearestMark(path), path, message);
    }

    /** A warning at {@code path}, positioned as {@link #errorAt} positions an error. */
    void warningAt(String path, String message) {
        Mark mark = nearestMark(path);
        warnings.add(mark == null
                ? new ConfigProblem(source, 0, 0, path, message, true)
                : new ConfigProblem(source, mark.getLine() + 1, mark.getColumn() + 1, path, message, true));
    }

    List<ConfigProblem> warnings() {
        return List.copyOf(warnings);
    }

    private Mark nearestMark(String path) {
        for (String p = path; !p.isEmpty(); p = parent(p)) {
            Mark mark = marks.get(p);
            if (mark != null) {
                return mark;
            }
        }
        return marks.get("");
    }

    private static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut < 0 ? "" : path.substring(0, cut);
    }

    boolean hasProblems() {
        return !problems.isEmpty();
    }

    int problemCount() {
        return problems.size();
    }

    ConfigException exception() {
        return new ConfigException(source, problems);
    }
}
