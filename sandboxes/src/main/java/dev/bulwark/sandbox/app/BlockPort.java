package dev.bulwark.sandbox.app;

/**
 * A block device the sandbox owns, as its app sees it: page-sized reads and writes that complete later,
 * as {@link DeviceEvent.BlockCompletion}s. Neither call blocks: a full request ring refuses.
 */
public interface BlockPort {
    /** The device's name in the config. */
    String device();

    /** The size of one page, in bytes. */
    int pageBytes();

    /** How many pages the device has. */
    long pages();

    /** The device's size in bytes (its last page may be partly beyond it: that part reads as zeros). */
    long byteSize();

    /**
     * Asks for page {@code page}. Returns false, taking nothing, if the request ring is full.
     *
     * @throws IndexOutOfBoundsException if {@code page} is not in {@code [0, pages())}
     */
    boolean read(long page, long tag);

    /**
     * Asks to write {@code data} (at most a page; a shorter page is padded with zeros) to page {@code page}.
     * The bytes are copied at once. Returns false, taking nothing, if the request ring is full.
     *
     * @throws IndexOutOfBoundsException if {@code page} is out of range or {@code data} is larger than a page
     */
    boolean write(long page, byte[] data, long tag);

    /** Requests made and not yet completed. */
    int inFlight();
}
