package dev.bulwark.monitor.spec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the sandboxes' memory partitions and places them in chip memory, the one place that knows the
 * placement rule: sandboxes with an explicit base go where they ask; then those without one go, in spec
 * order, first-fit at the lowest free page-aligned address.
 */
final class PartitionLayout {
    private record Range(String name, long base, long size) {
        long end() {
            return base + size;
        }

        boolean overlaps(Range other) {
            return base < other.end() && other.base < end();
        }

        @Override
        public String toString() {
            return "[0x%x, 0x%x)".formatted(base, end());
        }
    }

    private final List<SpecProblem> problems = new ArrayList<>();
    private final Map<String, Long> bases = new LinkedHashMap<>();

    private PartitionLayout() {
    }

    /**
     * Checks each partition's size and base against the chip and places the well-formed ones. The chip's
     * page size and memory size must already be valid.
     */
    static PartitionLayout of(ChipSpec chip, List<SandboxSpec> sandboxes) {
        var layout = new PartitionLayout();
        layout.place(chip, sandboxes);
        return layout;
    }

    List<SpecProblem> problems() {
        return problems;
    }

    /** Sandbox name to base address, in spec order, for every partition that could be placed. */
    Map<String, Long> bases() {
        return bases;
    }

    private void place(ChipSpec chip, List<SandboxSpec> sandboxes) {
        var occupied = new ArrayList<Range>();
        var explicit = new ArrayList<Range>();
        var pending = new ArrayList<Integer>();
        for (int i = 0; i < sandboxes.size(); i++) {
            var sandbox = sandboxes.get(i);
            if (!wellFormed(chip, sandbox, "sandboxes[" + i + "]")) {
                continue;
            }
            if (sandbox.base() == null) {
                pending.add(i);
                continue;
            }
            var range = new Range(sandbox.name(), sandbox.base(), sandbox.memoryBytes());
            for (var earlier : explicit) {
                if (range.overlaps(earlier)) {
                    problems.add(new SpecProblem("sandboxes[" + i + "].base",
                            "partition of '%s' %s overlaps partition of '%s' %s".formatted(
                                    range.name(), range, earlier.name(), earlier)));
                }
            }
            explicit.add(range);
            occupied.add(range);
            bases.put(range.name(), range.base());
        }
        for (int i : pending) {
            var sandbox = sandboxes.get(i);
            occupied.sort(Comparator.comparingLong(Range::base));
            long base = firstFit(occupied, sandbox.memoryBytes(), chip.memoryBytes());
            if (base < 0) {
                problems.add(new SpecProblem("sandboxes[" + i + "].memory",
                        "no free range of %d bytes left in %d bytes of chip memory for sandbox '%s'".formatted(
                                sandbox.memoryBytes(), chip.memoryBytes(), sandbox.name())));
                continue;
            }
            occupied.add(new Range(sandbox.name(), base, sandbox.memoryBytes()));
            bases.put(sandbox.name(), base);
        }
    }

    /** The lowest address at which {@code size} bytes fit between the sorted ranges, or -1. */
    private static long firstFit(List<Range> sorted, long size, long memoryBytes) {
        long candidate = 0;
        for (var range : sorted) {
            if (candidate + size <= range.base()) {
                return candidate;
            }
            candidate = Math.max(candidate, range.end());
        }
        return candidate <= memoryBytes - size ? candidate : -1;
    }

    private boolean wellFormed(ChipSpec chip, SandboxSpec sandbox, String path) {
        long page = chip.pageBytes();
        long size = sandbox.memoryBytes();
        int before = problems.size();
        if (size <= 0) {
            problems.add(new SpecProblem(path + ".memory", "partition size must be positive, got " + size));
        } else if (size % page != 0) {
            problems.add(new SpecProblem(path + ".memory",
                    "partition size %d bytes is not a multiple of the page size (%d bytes)".formatted(size, page)));
        } else if (size < 2 * page) {
            problems.add(new SpecProblem(path + ".memory",
                    ("partition size %d bytes is less than 2 pages (%d bytes): the kernel uses the first page "
                            + "for its own data").formatted(size, 2 * page)));
        } else if (size > chip.memoryBytes()) {
            problems.add(new SpecProblem(path + ".memory",
                    "partition of %d bytes does not fit in %d bytes of chip memory".formatted(
                            size, chip.memoryBytes())));
        }
        Long base = sandbox.base();
        if (base != null) {
            if (base < 0) {
                problems.add(new SpecProblem(path + ".base", "base must not be negative, got " + base));
            } else if (base % page != 0) {
                problems.add(new SpecProblem(path + ".base",
                        "base 0x%x is not page-aligned (page size %d bytes)".formatted(base, page)));
            } else if (size > 0 && size <= chip.memoryBytes() && base > chip.memoryBytes() - size) {
                problems.add(new SpecProblem(path + ".base",
                        "partition [0x%x, 0x%x) extends past the end of chip memory (0x%x)".formatted(
                                base, base + size, chip.memoryBytes())));
            }
        }
        return problems.size() == before;
    }
}
