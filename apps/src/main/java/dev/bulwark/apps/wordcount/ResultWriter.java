package dev.bulwark.apps.wordcount;

import dev.bulwark.sandbox.app.BlockPort;

import java.util.Arrays;

/**
 * Writes a result's text to a block device from its first page, page by page, as asynchronous writes the
 * device takes when it has room, and knows when every write completed. The last page written is padded with
 * zeros; if the text ends exactly at a page's end and the device has another page, that page is written as
 * zeros too. So the text ends at the first zero byte or at the device's end, whatever the device held before.
 *
 * <p>Not thread-safe: the owning app's handlers.
 */
public final class ResultWriter {
    private final BlockPort port;
    private final byte[] text;
    private final long tag;
    private final long pages;
    private long nextToWrite;
    private long completed;

    /**
     * @throws IllegalArgumentException naming the device and both sizes if the text does not fit it
     */
    public ResultWriter(BlockPort port, byte[] text, long tag) {
        if (text.length > port.byteSize()) {
            throw new IllegalArgumentException("the result is %d bytes but output device %s has %d: give it a larger size"
                    .formatted(text.length, port.device(), port.byteSize()));
        }
        this.port = port;
        this.text = text;
        this.tag = tag;
        this.pages = Math.min(port.pages(), text.length / port.pageBytes() + 1);
    }

    public long tag() {
        return tag;
    }

    /** Issues writes while the device takes them; returns how many it took. */
    public int write() {
        int issued = 0;
        while (nextToWrite < pages) {
            int from = (int) Math.min(text.length, nextToWrite * port.pageBytes());
            byte[] page = Arrays.copyOfRange(text, from, from + port.pageBytes()); // zeros past the text
            if (!port.write(nextToWrite, page, tag)) {
                break;
            }
            nextToWrite++;
            issued++;
        }
        return issued;
    }

    /** A write completed. */
    public void completed() {
        completed++;
    }

    /** Whether every page was written and completed. */
    public boolean done() {
        return completed >= pages;
    }

    public long pages() {
        return pages;
    }
}
