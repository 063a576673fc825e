package dev.bulwark.hw.memory;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.zip.CRC32C;

/**
 * A bounds-checked window onto part of a {@link Partition}. Offsets are relative to the window; an
 * access outside it throws {@link IndexOutOfBoundsException} before touching memory, and every write
 * marks the pages it touched as dirty. After the partition is revoked every access throws
 * {@link IllegalStateException}.
 *
 * <p>Values are stored little-endian, unaligned accesses allowed (the layout is the caller's business).
 */
public final class MemoryWindow {
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;

    private final MemorySegment slice;
    private final long base;
    private final DirtyPages dirtyPages;

    MemoryWindow(MemorySegment slice, long base, DirtyPages dirtyPages) {
        this.slice = slice;
        this.base = base;
        this.dirtyPages = dirtyPages;
    }

    public long byteSize() {
        return slice.byteSize();
    }

    public long getLong(long offset) {
        return slice.get(LONG, offset);
    }

    public void putLong(long offset, long value) {
        slice.set(LONG, offset, value);
        dirtyPages.mark(base + offset, Long.BYTES);
    }

    public int getInt(long offset) {
        return slice.get(INT, offset);
    }

    public void putInt(long offset, int value) {
        slice.set(INT, offset, value);
        dirtyPages.mark(base + offset, Integer.BYTES);
    }

    public byte getByte(long offset) {
        return slice.get(BYTE, offset);
    }

    public void putByte(long offset, byte value) {
        slice.set(BYTE, offset, value);
        dirtyPages.mark(base + offset, 1);
    }

    /** CRC-32C of {@code [offset, offset + length)}. */
    public int crc32c(long offset, long length) {
        CRC32C crc = new CRC32C();
        crc.update(slice.asSlice(offset, length).asByteBuffer());
        return (int) crc.getValue();
    }
}
