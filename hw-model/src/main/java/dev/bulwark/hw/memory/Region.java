package dev.bulwark.hw.memory;

/** A page-aligned range of modeled physical addresses, {@code [base, base + bytes)}, reserved for {@code owner}. */
public record Region(String owner, long base, long bytes) {
    public long end() {
        return base + bytes;
    }

    public boolean overlaps(Region other) {
        return base < other.end() && other.base < end();
    }

    @Override
    public String toString() {
        return owner + String.format("[0x%x..0x%x)", base, end());
    }
}
