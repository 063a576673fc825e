package dev.bulwark.apps.wordcount;

import dev.bulwark.sandbox.app.BlockPort;

import java.util.HashMap;
import java.util.Map;

/**
 * Reads a block device from its first page to its last with a bounded window of asynchronous reads in
 * flight, and hands the bytes on in page order, however the completions arrive: a page that completes early
 * waits until the pages before it came. The last page is cut at the device's {@link BlockPort#byteSize()},
 * so the bytes handed on are exactly the file's.
 *
 * <p>Reads carry {@code tag}; completions with another tag (left over from an earlier reader of the same
 * device) are not this reader's. Not thread-safe: the owning app's handlers.
 */
public final class PageReader {
    /** Where the bytes go, in order. */
    @FunctionalInterface
    public interface Sink {
        void bytes(byte[] data, int offset, int length);
    }

    private final BlockPort port;
    private final long tag;
    private final int window;
    private final long pages;
    private final Map<Long, byte[]> early = new HashMap<>();
    private long nextToRead;
    private long nextToHand;
    private int inFlight;

    public PageReader(BlockPort port, long tag, int window) {
        this.port = port;
        this.tag = tag;
        this.window = window;
        this.pages = port.pages();
    }

    public long tag() {
        return tag;
    }

    /**
     * Asks for more pages while fewer than the window are in flight or waiting to be handed on and the device
     * takes them. Returns how many were asked for.
     */
    public int request() {
        int asked = 0;
        while (nextToRead < pages && inFlight + early.size() < window && port.read(nextToRead, tag)) {
            nextToRead++;
            inFlight++;
            asked++;
        }
        return asked;
    }

    /** A read completed: hands on this page and any early ones it unblocks. Ignores a page not asked for. */
    public void completed(long page, byte[] data, Sink sink) {
        if (page < nextToHand || page >= nextToRead || early.containsKey(page)) {
            return;
        }
        inFlight--;
        early.put(page, data);
        byte[] next;
        while ((next = early.remove(nextToHand)) != null) {
            long at = nextToHand * port.pageBytes();
            int length = (int) Math.min(next.length, port.byteSize() - at);
            sink.bytes(next, 0, length);
            nextToHand++;
        }
    }

    /** Whether every page has been handed on. */
    public boolean done() {
        return nextToHand == pages;
    }

    /** Reads asked for and not completed. */
    public int inFlight() {
        return inFlight;
    }
}
