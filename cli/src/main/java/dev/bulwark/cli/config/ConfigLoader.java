package dev.bulwark.cli.config;

import dev.bulwark.monitor.spec.SpecValidator;
import dev.bulwark.monitor.spec.SystemSpec;
import dev.bulwark.sandbox.app.AppRegistry;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Loads a system config from YAML into a {@link SystemSpec} that {@link SpecValidator} accepts, with the
 * validator's warnings, or fails with every problem found; each is positioned at its line and column.
 *
 * <p>A config is read by a process that must not fall over whatever it is given, so the loader bounds what
 * a config may ask of it, and says so with a problem, never with an exception or an out-of-memory error:
 * <ul>
 * <li>{@link #MAX_CONFIG_BYTES} bytes of file, checked before the file is read;</li>
 * <li>{@link #MAX_CONFIG_CHARS} characters from a reader, read no further;</li>
 * <li>{@link #MAX_LINE_LENGTH} characters in a line, so that parsing takes time linear in the file's size;</li>
 * <li>{@link #MAX_NESTING_DEPTH} levels of nesting, and {@link #MAX_COLLECTION_ALIASES} aliases of maps or
 * lists, checked by SnakeYAML as it composes the document and positioned here;</li>
 * <li>{@link #MAX_ALIASED_CHARS} characters of config that aliases stand for, all together.</li>
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
    /**
     * The most characters a config may have: as many as a file of {@link #MAX_CONFIG_BYTES} can hold, since no
     * character takes less than a byte of UTF-8. A file within its byte limit is within this one; a reader
     * (a bundled resource, say) is read no further. This is also SnakeYAML's code-point limit, so the two
     * cannot disagree; but SnakeYAML checks its limit only between tokens, after reading a whole token, so a
     * single endless comment would still exhaust the heap: the limit is kept here, as the text is read.
     */
    static final int MAX_CONFIG_CHARS = MAX_CONFIG_BYTES;
    /**
     * The longest line, in characters: 16 Ki. SnakeYAML's reader copies its window of unread text each time it
     * reads ahead (1023 chars at a time), and it cannot let go of a token while it scans it, so a token, and
     * at worst a line, costs time quadratic in its length: one comment line of 1 MiB took about 130 ms to
     * load where 1 MiB of short lines took 11 ms, and one of 4 MiB took 2 s (see {@code ConfigLoadBenchmark}).
     * Lines of at most 16 Ki characters keep that cost below the cost of the same text in short lines; no
     * line a person writes comes near it.
     */
    static final int MAX_LINE_LENGTH = 16 * 1024;
    /**
     * The deepest a node may be nested: inside at most 50 maps and lists. A config needs four (the root, the
     * sandboxes, a sandbox, its params); SnakeYAML composes recursively, and 50 keeps that far from any
     * thread's stack limit. SnakeYAML's default, made deliberate.
     */
    static final int MAX_NESTING_DEPTH = 50;
    /**
     * The most aliases ({@code *name}) of maps or lists a config may have. Each is a reference the reader
     * then walks in full, so aliases multiply the work a file of {@link #MAX_CONFIG_BYTES} can ask for; what
     * they may stand for in all is bounded by {@link #MAX_ALIASED_CHARS}. 50 lets up to 51 sandboxes share a
     * {@code recovery} or {@code params} section. SnakeYAML's default, made deliberate. Aliases of plain values
     * are not counted: they cost no more than the value.
     */
    static final int MAX_COLLECTION_ALIASES = 50;
    /**
     * The most text that aliases may stand for, all together: as many characters as a config may have. The
     * reader walks an alias as if what it names were written out again, and says what is wrong with it again,
     * so without this bound 50 aliases of a 1 MiB params map took 5 s and 700 MiB of heap to load, and 75,000
     * aliases of a 512 KiB value ran out of a 1 GiB heap. An alias stands for the text of the node it names,
     * from its first character to its last, and for what the aliases inside that node stand for; so a config
     * with aliases costs at most what one without them, twice {@link #MAX_CONFIG_CHARS} long, would.
     */
    static final int MAX_ALIASED_CHARS = MAX_CONFIG_CHARS;

    private ConfigLoader() {
    }

    /**
     * Loads the config in {@code file}, checking its apps against {@code apps}. A file over
     * {@link #MAX_CONFIG_BYTES} is refused before it is read; a device or pipe is read no further than that.
     */
    public static LoadedConfig load(Path file, AppRegistry apps) throws ConfigException {
        return load(file, apps, UnaryOperator.identity());
    }

    /**
     * Loads the config in {@code file} as {@link #load(Path, AppRegistry)} does, with {@code overrides} (what the
     * command line changes: {@code --pin}) applied to the spec it describes before that is validated, so that the
     * warnings are about the system that will boot. A warning about an overridden key the file does not have is
     * placed at the key's section.
     */
    public static LoadedConfig load(Path file, AppRegistry apps, UnaryOperator<SystemSpec> overrides)
            throws ConfigException {
        String name = file.toString();
        var diagnostics = new Diagnostics(name.isEmpty() ? "''" : name);
        Path folder = file.toAbsolutePath().getParent();
        return load(ConfigText.read(file, diagnostics).orElseThrow(diagnostics::exception), diagnostics, apps, overrides,
                folder != null ? folder : Path.of("").toAbsolutePath());
    }

    /**
     * Loads the config read from {@code reader} (a bundled resource, say), naming it {@code sourceName} in
     * problems, and checking its apps against {@code apps}. The reader is read no further than
     * {@link #MAX_CONFIG_CHARS}.
     */
    public static LoadedConfig load(String sourceName, Reader reader, AppRegistry apps) throws ConfigException {
        var diagnostics = new Diagnostics(sourceName);
        return load(ConfigText.read(reader, diagnostics).orElseThrow(diagnostics::exception), diagnostics, apps,
                UnaryOperator.identity(), Path.of("").toAbsolutePath());
    }

    /** {@code folder}: where a relative file path in the config (a block device's file) is taken from. */
    private static LoadedConfig load(String text, Diagnostics diagnostics, AppRegistry apps,
                                     UnaryOperator<SystemSpec> overrides, Path folder) throws ConfigException {
        Node root = compose(text, diagnostics);
        if (root == null || YamlMap.isNull(root)) {
            if (!diagnostics.hasProblems()) {
                diagnostics.fileError("config is empty");
            }
            throw diagnostics.exception();
        }
        var spec = new SpecReader(diagnostics, folder).read(root).map(overrides);
        if (spec.isEmpty()) {
            throw diagnostics.exception();
        }
        for (var problem : SpecValidator.validate(spec.get(), apps)) {
            if (problem.isError()) {
                diagnostics.errorAt(problem.path(), problem.message());
            } else {
                diagnostics.warningAt(problem.path(), problem.message());
            }
        }
        if (diagnostics.hasProblems()) {
            throw diagnostics.exception();
        }
        return new LoadedConfig(spec.get(), diagnostics.warnings());
    }

    /**
     * The document's root node, or null: when it is empty, or (with a problem reported) when it is not YAML or
     * goes past a limit. As {@code Yaml.compose} does it, with the parser watched, so that a failure SnakeYAML
     * reports without a mark can still be placed.
     */
    private static Node compose(String text, Diagnostics diagnostics) {
        var options = new LoaderOptions();
        options.setCodePointLimit(MAX_CONFIG_CHARS);
        options.setNestingDepthLimit(MAX_NESTING_DEPTH);
        options.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
        var parser = new WatchedParser(new ParserImpl(new StreamReader(text), options));
        try {
            return new Composer(parser, new Resolver(), options).getSingleNode();
        } catch (OverLimit e) {
            diagnostics.error(e.mark, "", e.getMessage());
        } catch (MarkedYAMLException e) {
            var mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
            diagnostics.error(mark, "", "YAML syntax error: " + e.getProblem() + context);
        } catch (ReaderException e) {
            // SnakeYAML checks characters as it reads ahead, so it knows only their index, in code points.
            int at = text.offsetByCodePoints(0, Math.min(e.getPosition(), text.codePointCount(0, text.length())));
            diagnostics.error(ConfigText.mark(diagnostics.source(), text, at), "", notAllowed(e.getCodePoint()));
        } catch (YAMLException e) {
            // SnakeYAML's limits come without a mark: each is placed at the event the composer stopped on.
            diagnostics.error(parser.last == null ? null : parser.last.getStartMark(), "", limitProblem(e));
        }
        return null;
    }

    private static String notAllowed(int codePoint) {
        String what = Character.getType(codePoint) == Character.CONTROL ? "control character" : "character";
        return "%s U+%04X is not allowed in YAML".formatted(what, codePoint);
    }

    /**
     * What a {@link YAMLException} without a mark says, in the words of the limit it enforces: SnakeYAML
     * 2.5's own texts, matched; anything else is passed on as SnakeYAML words it (a test pins each).
     */
    private static String limitProblem(YAMLException e) {
        String message = String.valueOf(e.getMessage());
        if (message.startsWith("Nesting Depth exceeded")) {
            return "nesting deeper than %d levels".formatted(MAX_NESTING_DEPTH);
        }
        if (message.startsWith("Number of aliases for non-scalar nodes")) {
            return "more than %d aliases of maps or lists".formatted(MAX_COLLECTION_ALIASES);
        }
        return "cannot read config: " + message;
    }

    /**
     * A parser that remembers the last event it showed the composer, which is where the composer stopped when
     * it gave up without a mark (the node one level too deep, the alias one too many); and that adds up the
     * text each alias stands for, stopping the composer at the alias that takes the sum past
     * {@link #MAX_ALIASED_CHARS}. It counts on the events the composer takes, in document order, so a node's
     * text is known at its last event, and an alias of a node not yet finished (a recursive one) counts
     * nothing: the reader follows no alias further than the shape of a config.
     */
    private static final class WatchedParser implements Parser {
        private final Parser parser;
        private Event last;
        private final Map<String, Long> anchoredText = new HashMap<>(); // finished anchored nodes, aliases expanded
        private final ArrayDeque<OpenCollection> open = new ArrayDeque<>();
        private long aliasedText;

        WatchedParser(Parser parser) {
            this.parser = parser;
        }

        @Override
        public boolean checkEvent(Event.ID choice) {
            Event next = peekEvent();
            return next != null && next.is(choice);
        }

        @Override
        public Event peekEvent() {
            return remember(parser.peekEvent());
        }

        @Override
        public Event getEvent() {
            Event event = remember(parser.getEvent());
            switch (event) {
                case CollectionStartEvent start -> {
                    anchoredText.remove(start.getAnchor());
                    open.push(new OpenCollection(start.getAnchor(), start.getStartMark().getIndex()));
                }
                case CollectionEndEvent end -> {
                    OpenCollection done = open.pop();
                    if (done.anchor != null) {
                        anchoredText.put(done.anchor, end.getEndMark().getIndex() - done.start + done.aliasedWithin);
                    }
                    if (!open.isEmpty()) {
                        open.peek().aliasedWithin += done.aliasedWithin;
                    }
                }
                case ScalarEvent scalar when scalar.getAnchor() != null -> anchoredText.put(scalar.getAnchor(),
                        (long) scalar.getEndMark().getIndex() - scalar.getStartMark().getIndex());
                case AliasEvent alias -> {
                    long text = anchoredText.getOrDefault(alias.getAnchor(), 0L);
                    aliasedText += text;
                    if (aliasedText > MAX_ALIASED_CHARS) {
                        throw new OverLimit(alias.getStartMark(), ("aliases stand for more than %d characters of "
                                + "config in all (*%s alone for %d)").formatted(MAX_ALIASED_CHARS, alias.getAnchor(),
                                text));
                    }
                    if (!open.isEmpty()) {
                        open.peek().aliasedWithin += text;
                    }
                }
                case null, default -> {
                }
            }
            return event;
        }

        private Event remember(Event event) {
            if (event != null) {
                last = event;
            }
            return event;
        }
    }

    /** A map or list the composer has begun and not yet finished: where it starts, what aliases in it add. */
    private static final class OpenCollection {
        private final String anchor;
        private final int start;
        private long aliasedWithin;

        OpenCollection(String anchor, int start) {
            this.anchor = anchor;
            this.start = start;
        }
    }

    /** A limit passed, found where SnakeYAML does not look: stops the composer, with where and why. */
    private static final class OverLimit extends RuntimeException {
        private final transient Mark mark;

        OverLimit(Mark mark, String problem) {
            super(problem, null, false, false);
            this.mark = mark;
        }
    }
}
