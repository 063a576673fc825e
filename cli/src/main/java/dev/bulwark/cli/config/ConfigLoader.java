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

import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Path;

/**
 * Loads a system config from YAML into a {@link SystemSpec} that {@link SpecValidator} accepts, or fails
 * with every problem found, each positioned at its line and column in the file.
 *
 * <p>A config is read by a process that must not fall over whatever it is given, so the loader bounds what
 * a config may ask of it, and says so with a problem, never with an exception or an out-of-memory error:
 * <ul>
 * <li>{@link #MAX_CONFIG_BYTES} bytes of file, checked before the file is read.</li>
 * </ul>
 */
public final class ConfigLoader {
    /**
     * The largest config file: 1 MiB. The largest config that makes sense is one sandbox on each of the
     * {@link SpecValidator#MAX_CORES} cores, about 250 bytes each written out in full, plus their channels,
     * some 300 KiB in all; 1 MiB leaves room for comments while keeping a hostile file's cost (its text,
     * its node tree, the time to parse it) to a few MiB and a fraction of a second.
     */
    static final int MAX_CONFIG_BYTES = 1 << 20;

    private ConfigLoader() {
    }

    /**
     * Loads the config in {@code file}, checking its apps against {@code apps}. A file over
     * {@link #MAX_CONFIG_BYTES} is refused before it is read; a device or pipe is read no further than that.
     */
    public static SystemSpec load(Path file, AppRegistry apps) throws ConfigException {
        String name = file.toString();
        var diagnostics = new Diagnostics(name.isEmpty() ? "''" : name);
        var text = ConfigText.read(file, diagnostics);
        if (text.isEmpty()) {
            throw diagnostics.exception();
        }
        return load(diagnostics.source(), new StringReader(text.get()), apps);
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
        for (var problem : SpecValidator.validate(spec.get(), apps)) {
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
}
