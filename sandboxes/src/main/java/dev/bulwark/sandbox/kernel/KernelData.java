package dev.bulwark.sandbox.kernel;

import dev.bulwark.hw.memory.MemoryWindow;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The kernel's own records, kept at the start of its partition and sealed with a CRC-32C so the kernel
 * can tell when they were corrupted (a bit flip, a stray write). {@link #verify()} is the kernel's
 * periodic scrub.
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
 * <h2>Updates never seal a corruption in</h2>
 * An update copies the sealed bytes once, verifies the copy against the stored checksum, changes the copy,
 * and writes the changed field and the checksum of the copy. The new checksum is never computed from
 * memory read after the verification, so a bit that flips in memory at any moment of an update either
 * lands in the field being written (and is overwritten, as hardware would) or is caught by the next scrub;
 * a corruption present before the update makes it throw instead of resealing.
 *
 * <p>Owned by the kernel thread of one incarnation (the scratch copy and the CRC are not thread-safe);
 * the image builder formats it once.
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
    /** The sealed bytes as last verified, little-endian like the window; reused, so updates allocate nothing. */
    private final ByteBuffer copy = ByteBuffer.allocate(SEALED_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32C crc = new CRC32C();

    public KernelData(MemoryWindow window) {
        this.window = window;
    }

    /** Writes a fresh header: for building a pristine image (nothing to verify yet). */
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
        window.putInt(CRC_AT, window.crc32c(0, SEALED_BYTES));
    }

    /** Throws {@link KernelDataCorruptedException} unless the magic and checksum are intact. */
    public void verify() {
        verifiedCopy();
    }

    public int sandboxId() {
        return window.getInt(SANDBOX_AT);
    }

    public int incarnation() {
        return window.getInt(INCARNATION_AT);
    }

    /** Records the incarnation; verifies first, like every update. */
    void incarnation(int incarnation) {
        verifiedCopy().putInt(INCARNATION_AT, incarnation);
        window.putInt(INCARNATION_AT, incarnation);
        reseal();
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

    /** Counts an app restart; verifies first, like every update. */
    void countAppRestart() {
        ByteBuffer verified = verifiedCopy();
        long restarts = verified.getLong(APP_RESTARTS_AT) + 1;
        verified.putLong(APP_RESTARTS_AT, restarts);
        window.putLong(APP_RESTARTS_AT, restarts);
        reseal();
    }

    /** Copies the sealed bytes and checks the copy; returns it, to be changed and resealed. */
    private ByteBuffer verifiedCopy() {
        for (int at = 0; at < SEALED_BYTES; at += Long.BYTES) {
            copy.putLong(at, window.getLong(at));
        }
        int stored = window.getInt(CRC_AT);
        int actual = crcOfCopy();
        if (stored != actual || copy.getLong(MAGIC_AT) != MAGIC) {
            throw new KernelDataCorruptedException(String.format(
                    "kernel data checksum mismatch: stored %08x, computed %08x", stored, actual));
        }
        return copy;
    }

    /** Seals the (changed) copy: the checksum is of what was verified plus the change, never re-read memory. */
    private void reseal() {
        window.putInt(CRC_AT, crcOfCopy());
    }

    private int crcOfCopy() {
        crc.reset();
        crc.update(copy.array(), 0, SEALED_BYTES);
        return (int) crc.getValue();
    }
}
