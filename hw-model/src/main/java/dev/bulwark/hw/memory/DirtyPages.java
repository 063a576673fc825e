package dev.bulwark.hw.memory;

import java.util.function.LongConsumer;

/**
 * One bit per page of a partition, set when software writes the page. Checkpointing and fast restore
 * read it to copy only what changed.
 *
 * <pre>
 *   bits[p >>> 6] bit (p & 63)  ==  page p written since the last clear()
 * </pre>
 *
 * <p>Single writer: the thread that owns the partition (its kernel). Others read it only once that
 * thread has stopped writing (for example after the kernel is halted), so plain array accesses suffice.
 */
public final class DirtyPages {
    private final int pageShift;
    private final long[] bits;

    DirtyPages(long bytes, int pageBytes) {
        this.pageShift = Integer.numberOfTrailingZeros(pageBytes);
        long pages = (bytes + pageBytes - 1) >>> pageShift;
        this.bits = new long[(int) ((pages + 63) >>> 6)];
    }

    /** Marks every page touched by {@code [offset, offset + length)}; the range was bounds-checked already. */
    void mark(long offset, long length) {
        long last = (offset + length - 1) >>> pageShift;
        for (long p = offset >>> pageShift; p <= last; p++) {
            bits[(int) (p >>> 6)] |= 1L << p;
        }
    }

    public boolean isDirty(long page) {
        return (bits[(int) (page >>> 6)] & (1L << page)) != 0;
    }

    public long count() {
        long n = 0;
        for (long word : bits) {
            n += Long.bitCount(word);
        }
        return n;
    }

    public void forEach(LongConsumer pageAction) {
        for (int w = 0; w < bits.length; w++) {
            long word = bits[w];
            while (word != 0) {
                int b = Long.numberOfTrailingZeros(word);
                pageAction.accept(((long) w << 6) + b);
                word &= word - 1;
            }
        }
    }

    public void clear() {
        java.util.Arrays.fill(bits, 0L);
    }
}
