package dev.bulwark.drill.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A plain-ASCII table whose column widths come from its contents: text columns left-aligned, numbers right-aligned,
 * two spaces between columns, a rule under the header and one above each row marked as a footer.
 */
final class TextTable {
    private final List<String> header;
    private final boolean[] numeric;
    private final List<List<String>> rows = new ArrayList<>();
    private final List<Boolean> ruleAbove = new ArrayList<>();

    /** {@code numeric[i]}: whether column {@code i} is right-aligned. */
    TextTable(List<String> header, boolean... numeric) {
        if (header.size() != numeric.length) {
            throw new IllegalArgumentException(header.size() + " headers, " + numeric.length + " alignments");
        }
        this.header = List.copyOf(header);
        this.numeric = numeric.clone();
    }

    TextTable row(List<String> cells) {
        return add(cells, false);
    }

    /** A row below a rule: the total. */
    TextTable footer(List<String> cells) {
        return add(cells, true);
    }

    private TextTable add(List<String> cells, boolean rule) {
        if (cells.size() != header.size()) {
            throw new IllegalArgumentException(cells.size() + " cells for " + header.size() + " columns");
        }
        rows.add(List.copyOf(cells));
        ruleAbove.add(rule);
        return this;
    }

    List<String> lines() {
        int[] width = new int[header.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = header.get(c).length();
            for (List<String> row : rows) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(line(header, width));
        String rule = rule(width);
        lines.add(rule);
        for (int r = 0; r < rows.size(); r++) {
            if (ruleAbove.get(r)) {
                lines.add(rule);
            }
            lines.add(line(rows.get(r), width));
        }
        return Collections.unmodifiableList(lines);
    }

    private String line(List<String> cells, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int c = 0; c < width.length; c++) {
            if (c > 0) {
                b.append("  ");
            }
            String cell = cells.get(c);
            String pad = " ".repeat(width[c] - cell.length());
            b.append(numeric[c] ? pad + cell : cell + pad);
        }
        return b.toString().stripTrailing();
    }

    private static String rule(int[] width) {
        int total = 2 * (width.length - 1);
        for (int w : width) {
            total += w;
        }
        return "-".repeat(total);
    }
}
