package dev.bulwark.sandbox.kernel;

import dev.bulwark.hw.memory.MemoryWindow;

/**
 * The kernel's own records, kept at the start of its partition and sealed with a CRC-32C so the kernel
 * can tell when they were corrupted (a bit flip, a stray write). Every write through this class reseals;
 * {@link #verify()} is the kernel's periodic scrub.
 *
 * <pre>
 *   0        8          12            16         24         32            40 .. 56    56        60
 *   +--------+----------+-------------+----------+----------+-------------+---------+---------+----+
 *   | magic  | sandbox  | incarnation | appBase  | appBytes | appRestarts | (zero)  | crc32c  |pad |
 *   | long   | int      | int         | long     | long     | long        |         | int     |    |
 *   +--------+----------+-------------+----------+----------+-------------+---------+---------+----+
 *   |<------------------------ sealed: [0, 56) ----------------------------------->|
 * </pre>
 * The rest of the first page is reserved for the kernel; the app's region starts at {@code appBase}.
 *
 * <p>Owned by the kernel thread of one incarnation; the image builder formats it once.
 */
public final class KernelData {
    public static final long MAGIC = 0x314B5241574C5542L; // "BULWARK1" little-endian
    static final int MAGIC_AT = 0;
    static final int SANDBOX_AT = 8;
    static final int INCARNATION_AT = 12;
    static final int APP_BASE_AT = 16;
    static final int APP_BYTES_AT = 24;
    static final int APP_RESTARTS_AT = 32;
    /** Bytes covered by the checksum. */
    public static final int SEALED_BYTES = 56;
    static final int CRC_AT = 56;
    /** Bytes of the header window. */
    public static final int BYTES = 64;

    private final MemoryWindow window;

    public KernelData(MemoryWindow window) {
        this.window = window;
    }

    /** Writes a fresh header: for building a pristine image. */
    void format(int sandboxId, long appBase, long appBytes) {
        window.putLong(MAGIC_AT, MAGIC);
        window.putInt(SANDBOX_AT, sandboxId);
        window.putInt(INCARNATION_AT, 0);
        window.putLong(APP_BASE_AT, appBase);
        window.putLong(APP_BYTES_AT, appBytes);
        window.putLong(APP_RESTARTS_AT, 0);
        for (int at = 40; at < SEALED_BYTES; at += Long.BYTES) {
            window.putLong(at, 0);
        }
        seal();
    }

    /** Throws {@link KernelDataCorruptedException} unless the magic and checksum are intact. */
    public void verify() {
        int stored = window.getInt(CRC_AT);
        int actual = window.crc32c(0, SEALED_BYTES);
        if (stored != actual || window.getLong(MAGIC_AT) != MAGIC) {
            throw new KernelDataCorruptedException(String.format(
                    "kernel data checksum mismatch: stored %08x, computed %08x", stored, actual));
        }
    }

    public int sandboxId() {
        return window.getInt(SANDBOX_AT);
    }

    public int incarnation() {
        return window.getInt(INCARNATION_AT);
    }

    void incarnation(int incarnation) {
        window.putInt(INCARNATION_AT, incarnation);
        seal();
    }

    public long appBase() {
        return window.getLong(APP_BASE_AT);
    }

    public long appBytes() {
        return window.getLong(APP_BYTES_AT);
    }

    public long appRestarts() {
        return window.getLong(APP_RESTARTS_AT);
    }

    void countAppRestart() {
        window.putLong(APP_RESTARTS_AT, appRestarts() + 1);
        seal();
    }

    private void seal() {
        window.putInt(CRC_AT, window.crc32c(0, SEALED_BYTES));
    }
}
