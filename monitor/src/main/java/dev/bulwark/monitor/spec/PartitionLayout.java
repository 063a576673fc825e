package dev.bulwark.monitor.spec;

import dev.bulwark.ipc.channel.FrameDescriptor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the sandboxes' memory partitions and places them in chip memory, then the channels' frame
 * regions: the one place that knows the placement rule. Sandboxes with an explicit base go where they ask;
 * then those without one go, in spec order, first-fit at the lowest free page-aligned address; then each
 * channel's region (its frames, rounded up to whole pages), in spec order, first-fit in what is left.
 * Channels are keyed by their name, {@code from->to}, which no sandbox name can be.
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
    static PartitionLayout of(ChipSpec chip, List<SandboxSpec> sandboxes, List<ChannelSpec> channels) {
        var layout = new PartitionLayout();
        var occupied = layout.place(chip, sandboxes);
        layout.placeChannels(chip, channels, occupied);
        return layout;
    }

    /** Bytes a channel's region takes in chip memory: its frames, in whole pages. */
    static long channelRegionBytes(ChipSpec chip, ChannelSpec channel) {
        long page = chip.pageBytes();
        return (channel.regionBytes() + page - 1) / page * page;
    }

    private void placeChannels(ChipSpec chip, List<ChannelSpec> channels, List<Range> occupied) {
        for (int i = 0; i < channels.size(); i++) {
            var channel = channels.get(i);
            if (channel.capacity() < 1 || channel.capacity() > SpecValidator.MAX_CHANNEL_CAPACITY
                    || channel.slotBytes() < 0 || channel.slotBytes() > FrameDescriptor.MAX_SLOT_BYTES) {
                continue; // reported by the channel checks
            }
            long size = channelRegionBytes(chip, channel);
            occupied.sort(Comparator.comparingLong(Range::base));
            long base = firstFit(occupied, size, chip.memoryBytes());
            if (base < 0) {
                problems.add(new SpecProblem("channels[" + i + "]",
                        ("no free range of %s left in %s of chip memory for the frames of channel %s (%d frames "
                                + "of %d bytes): give the chip more memory, or the channel a smaller capacity or slotSize")
                                .formatted(Units.size(size), Units.size(chip.memoryBytes()), channel.name(),
                                        channel.capacity(), FrameDescriptor.frameBytes(channel.slotBytes()))));
                continue;
            }
            occupied.add(new Range(channel.name(), base, size));
            bases.put(channel.name(), base);
        }
    }

    List<SpecProblem> problems() {
        return problems;
    }

    /** Sandbox name to base address, in spec order, for every partition that could be placed. */
    Map<String, Long> bases() {
        return bases;
    }

    private List<Range> place(ChipSpec chip, List<SandboxSpec> sandboxes) {
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
        return occupied;
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
