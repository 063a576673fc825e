package dev.bulwark.sandbox.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An app's parameters checked against what it declares: the one place that knows the rules of
 * {@link AppParam} (unknown keys, required keys, flags). The validator reports {@link #check}'s problems
 * with their positions; an app's factory reads its values with {@link #read}, which refuses the same
 * problems, so an app never runs on parameters the validator would have refused.
 */
public final class AppParams {
    private final Map<String, String> values;

    private AppParams(Map<String, String> values) {
        this.values = values;
    }

    /** One thing wrong with a parameter ({@code param}), or with the map as a whole ({@code param} null). */
    public record Problem(String param, String message) {
    }

    /** Every problem with {@code given} against the parameters {@code app} declares; empty when none. */
    public static List<Problem> check(AppDescriptor app, Map<String, String> given) {
        List<Problem> problems = new ArrayList<>();
        Set<String> declared = app.params().stream().map(AppParam::name).collect(Collectors.toSet());
        for (String key : given.keySet()) {
            if (!declared.contains(key)) {
                problems.add(new Problem(key, app.params().isEmpty()
                        ? "unknown parameter '%s': %s takes none".formatted(key, app.name())
                        : "unknown parameter '%s' (%s takes: %s)".formatted(key, app.name(),
                                app.params().stream().map(AppParam::name).sorted().collect(Collectors.joining(", ")))));
            }
        }
        for (AppParam p : app.params()) {
            String value = given.get(p.name());
            if (value == null || value.isBlank()) {
                if (p.required()) {
                    problems.add(new Problem(null, "%s needs parameter '%s' (%s)".formatted(app.name(), p.name(), p.description())));
                }
            } else if (p.kind() == AppParam.Kind.FLAG && !value.equals("true") && !value.equals("false")) {
                problems.add(new Problem(p.name(), "parameter '%s' must be true or false, not '%s'".formatted(p.name(), value)));
            }
        }
        return problems;
    }

    /**
     * The parameters, checked.
     *
     * @throws IllegalArgumentException naming the first problem {@link #check} finds
     */
    public static AppParams read(AppDescriptor app, Map<String, String> given) {
        List<Problem> problems = check(app, given);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(problems.getFirst().message());
        }
        return new AppParams(Map.copyOf(given));
    }

    /** The value of a required parameter, or of an optional one (null when absent). */
    public String text(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? null : value;
    }

    /** A flag's value; false when absent. */
    public boolean flag(String name) {
        return "true".equals(values.get(name));
    }
}
