package dev.bulwark.cli.config;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A YAML mapping with a fixed set of allowed keys, read at a config path. Reading reports keys that are
 * not allowed or repeated, and records each value's position in the {@link Diagnostics}.
 */
final class YamlMap {
    private final MappingNode node;
    private final String path;
    private final Diagnostics diagnostics;
    private final Map<String, Node> values = new LinkedHashMap<>();

    private YamlMap(MappingNode node, String path, Diagnostics diagnostics) {
        this.node = node;
        this.path = path;
        this.diagnostics = diagnostics;
    }

    /** The map at {@code node}, or empty (with a problem reported) when {@code node} is not a map. */
    static Optional<YamlMap> read(Node node, String path, List<String> allowedKeys, Diagnostics diagnostics) {
        if (!(node instanceof MappingNode mapping)) {
            diagnostics.error(node, path, "expected a map, got " + describe(node));
            return Optional.empty();
        }
        var map = new YamlMap(mapping, path, diagnostics);
        for (var tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode scalar) || isNull(keyNode)) {
                diagnostics.error(keyNode, path, "expected a key name, got " + describe(keyNode));
                continue;
            }
            String key = scalar.getValue();
            if (!allowedKeys.contains(key)) {
                diagnostics.error(keyNode, path, "unknown key '%s' (expected one of: %s)".formatted(
                        key, String.join(", ", allowedKeys)));
            } else if (map.values.containsKey(key)) {
                diagnostics.error(keyNode, map.path(key), "duplicate key '%s'".formatted(key));
            } else {
                map.values.put(key, tuple.getValueNode());
                diagnostics.mark(map.path(key), tuple.getValueNode());
            }
        }
        return Optional.of(map);
    }

    /** The value of {@code key}; empty when the key is absent or its value is null. */
    Optional<Node> optional(String key) {
        return Optional.ofNullable(values.get(key)).filter(value -> !isNull(value));
    }

    /** The value of {@code key}; empty (with a problem reported) when the key is absent or its value is null. */
    Optional<Node> required(String key) {
        Node value = values.get(key);
        if (value == null) {
            diagnostics.error(node, path, "missing required key '%s'".formatted(key));
            return Optional.empty();
        }
        if (isNull(value)) {
            diagnostics.error(value, path(key), "missing value for required key '%s'".formatted(key));
            return Optional.empty();
        }
        return Optional.of(value);
    }

    /** The config path of {@code key} in this map. */
    String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    /** How a problem message shows a node that was not what it should be. */
    static String describe(Node node) {
        return switch (node) {
            case ScalarNode scalar when isNull(scalar) -> "nothing";
            case ScalarNode scalar -> "'" + scalar.getValue() + "'";
            case MappingNode ignored -> "a map";
            case SequenceNode ignored -> "a list";
            default -> "a " + node.getNodeId();
        };
    }
}
