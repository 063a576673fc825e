package dev.bulwark.bench.ipc;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a tree of maps (objects, in their iteration order), lists, strings, numbers, booleans and nulls as
 * indented JSON. A double is written with at most three decimals; one that is not finite (a figure that does
 * not exist) becomes {@code null}.
 */
final class Json {
    private Json() {
    }

    static String render(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value, "");
        return out.append('\n').toString();
    }

    private static void write(StringBuilder out, Object value, String indent) {
        switch (value) {
            case null -> out.append("null");
            case String s -> string(out, s);
            case Boolean b -> out.append(b);
            case Double d -> out.append(Double.isFinite(d)
                    ? BigDecimal.valueOf(d).setScale(3, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString() : "null");
            case Number n -> out.append(n);
            case Map<?, ?> map -> {
                String inner = indent + "  ";
                out.append('{');
                String separator = "\n";
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    out.append(separator).append(inner);
                    string(out, String.valueOf(e.getKey()));
                    out.append(": ");
                    write(out, e.getValue(), inner);
                    separator = ",\n";
                }
                out.append(map.isEmpty() ? "}" : "\n" + indent + "}");
            }
            case List<?> list -> {
                boolean nested = list.stream().anyMatch(item -> item instanceof Map || item instanceof List);
                String inner = indent + "  ";
                out.append('[');
                String separator = nested ? "\n" + inner : "";
                for (Object item : list) {
                    out.append(separator);
                    write(out, item, inner);
                    separator = nested ? ",\n" + inner : ", ";
                }
                out.append(nested ? "\n" + indent + "]" : "]");
            }
            default -> throw new IllegalArgumentException("not a JSON value: " + value.getClass());
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
