package dev.bulwark.cli.config;

import dev.bulwark.monitor.spec.SpecValidator;
import dev.bulwark.monitor.spec.SystemSpec;
import dev.bulwark.sandbox.app.AppRegistry;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Loads a system config from YAML into a {@link SystemSpec} that {@link SpecValidator} accepts, or fails
 * with every problem found, each positioned at its line and column in the file.
 */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    /** Loads the config in {@code file}, checking its apps against {@code apps}. */
    public static SystemSpec load(Path file, AppRegistry apps) throws ConfigException {
        String source = file.toString();
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            var diagnostics = new Diagnostics(source);
            diagnostics.fileError("cannot read config file: " + reason(e));
            throw diagnostics.exception();
        }
        return load(source, new StringReader(text), apps);
    }

    /**
     * Loads the config read from {@code reader} (a bundled resource, say), naming it {@code sourceName} in
     * problems, and checking its apps against {@code apps}.
     */
    public static SystemSpec load(String sourceName, Reader reader, AppRegistry apps) throws ConfigException {
        var diagnostics = new Diagnostics(sourceName);
        Node root = compose(reader, diagnostics);
        if (root == null || YamlMap.isNull(root)) {
            if (!diagnostics.hasProblems()) {
                diagnostics.fileError("config is empty");
            }
            throw diagnostics.exception();
        }
        var spec = new SpecReader(diagnostics).read(root);
        if (spec.isEmpty()) {
            throw diagnostics.exception();
        }
        for (var problem : SpecValidator.validate(spec.get(), apps).stream().filter(p -> p.isError()).toList()) {
            diagnostics.errorAt(problem.path(), problem.message());
        }
        if (diagnostics.hasProblems()) {
            throw diagnostics.exception();
        }
        return spec.get();
    }

    /** The document's root node, or null: when it is empty, or (with a problem reported) when it is not YAML. */
    private static Node compose(Reader reader, Diagnostics diagnostics) {
        try {
            return new Yaml(new SafeConstructor(new LoaderOptions())).compose(reader);
        } catch (MarkedYAMLException e) {
            var mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
            diagnostics.error(mark, "", "YAML syntax error: " + e.getProblem() + context);
        } catch (YAMLException e) {
            diagnostics.fileError("cannot read config: " + e.getMessage());
        }
        return null;
    }

    private static String reason(IOException e) {
        return switch (e) {
            case NoSuchFileException ignored -> "no such file";
            case AccessDeniedException ignored -> "permission denied";
            case FileSystemException fs when fs.getReason() != null -> fs.getReason();
            case MalformedInputException ignored -> "not UTF-8 text";
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
    }
}
