package dev.bulwark.sandbox.kernel;

import dev.bulwark.hw.memory.Partition;
import dev.bulwark.hw.memory.Region;
import dev.bulwark.sandbox.app.AppFactory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The pristine image a sandbox's kernel boots from, every time: immutable code (the app factory and its
 * parameters), immutable config, and the initial contents of the partition, with their checksum.
 *
 * <p>The contents are the kernel's first page (a formatted {@link KernelData} header); the rest of a
 * fresh partition is zero, which is the app region's pristine state. Booting copies the contents into
 * a fresh partition and verifies them, so a corrupted image is refused rather than run.
 */
public final class KernelImage {
    private final String sandboxName;
    private final int sandboxId;
    private final long partitionBytes;
    private final int pageBytes;
    private final AppFactory code;
    private final Map<String, String> params;
    private final KernelConfig config;
    private final MemorySegment contents;
    private final int checksum;

    private KernelImage(String sandboxName, int sandboxId, long partitionBytes, int pageBytes, AppFactory code,
                        Map<String, String> params, KernelConfig config, MemorySegment contents) {
        this.sandboxName = sandboxName;
        this.sandboxId = sandboxId;
        this.partitionBytes = partitionBytes;
        this.pageBytes = pageBytes;
        this.code = code;
        this.params = Map.copyOf(params);
        this.config = config;
        this.contents = contents.asReadOnly();
        this.checksum = crc(contents);
    }

    /**
     * Builds the image of a sandbox whose partition has {@code partitionBytes} bytes and pages of
     * {@code pageBytes}: the first page is the kernel's, the rest the app's.
     */
    public static KernelImage build(String sandboxName, int sandboxId, long partitionBytes, int pageBytes,
                                    AppFactory code, Map<String, String> params, KernelConfig config) {
        if (partitionBytes < 2L * pageBytes) {
            throw new IllegalArgumentException(sandboxName + ": a partition needs at least 2 pages, not " + partitionBytes + " bytes");
        }
        Partition scratch = Partition.openConfined(new Region(sandboxName + "-image", 0, pageBytes), pageBytes);
        try {
            new KernelData(scratch.window(0, KernelData.BYTES)).format(sandboxId, pageBytes, partitionBytes - pageBytes);
            MemorySegment contents = Arena.ofAuto().allocate(pageBytes, pageBytes);
            contents.copyFrom(scratch.contents());
            return new KernelImage(sandboxName, sandboxId, partitionBytes, pageBytes, code, params, config, contents);
        } finally {
            scratch.revoke();
        }
    }

    /** Loads the image into a fresh partition and checks it arrived intact. */
    void loadInto(Partition partition) {
        if (partition.byteSize() != partitionBytes) {
            throw new IllegalArgumentException("image of " + sandboxName + " is for " + partitionBytes
                    + " bytes, partition has " + partition.byteSize());
        }
        partition.load(contents);
        int loaded = crc(partition.contents().asSlice(0, contents.byteSize()));
        if (loaded != checksum) {
            throw new KernelPanicException(String.format("image of %s corrupted: checksum %08x, expected %08x",
                    sandboxName, loaded, checksum));
        }
    }

    /** Copies the pristine contents to the start of {@code area} (a checkpoint store's first image). */
    void copyInto(MemorySegment area) {
        MemorySegment.copy(contents, 0, area, 0, contents.byteSize());
    }

    public int pageBytes() {
        return pageBytes;
    }

    private static int crc(MemorySegment segment) {
        CRC32C crc = new CRC32C();
        crc.update(segment.asByteBuffer());
        return (int) crc.getValue();
    }

    public String sandboxName() {
        return sandboxName;
    }

    public int sandboxId() {
        return sandboxId;
    }

    public long partitionBytes() {
        return partitionBytes;
    }

    /** Where the app's region starts in the partition: after the kernel's first page. */
    public long appBase() {
        return pageBytes;
    }

    public long appBytes() {
        return partitionBytes - pageBytes;
    }

    public AppFactory code() {
        return code;
    }

    public Map<String, String> params() {
        return params;
    }

    public KernelConfig config() {
        return config;
    }

    public int checksum() {
        return checksum;
    }
}
