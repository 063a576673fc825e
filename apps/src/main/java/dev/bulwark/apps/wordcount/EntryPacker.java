package dev.bulwark.apps.wordcount;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Packs (word, count) entries ({@link WcProtocol}'s entry layout) into payloads of at most
 * {@code slotBytes}, each leaving its first {@code header} bytes for the caller to fill (the job, the split,
 * the payload's sequence number), so a table of any size travels as a run of full messages.
 *
 * <p>Not thread-safe: one owner.
 */
public final class EntryPacker {
    private final int header;
    private final int slotBytes;
    private final List<byte[]> done = new ArrayList<>();
    private ByteBuffer current;

    public EntryPacker(int header, int slotBytes) {
        if (slotBytes - header < WcProtocol.ENTRY_OVERHEAD + 1) {
            throw new IllegalArgumentException("a " + slotBytes + "-byte slot has no room for an entry after a "
                    + header + "-byte header");
        }
        this.header = header;
        this.slotBytes = slotBytes;
    }

    /** The longest word an entry can carry. */
    public int maxWord() {
        return WcProtocol.maxWord(slotBytes, header);
    }

    /** Adds entry {@code entry} of {@code table}. */
    public void add(WordTable table, int entry) {
        int length = table.length(entry);
        if (length > maxWord()) {
            throw new IllegalArgumentException("a " + length + "-letter word does not fit a " + slotBytes
                    + "-byte message (at most " + maxWord() + " letters)");
        }
        int bytes = WcProtocol.ENTRY_OVERHEAD + length;
        if (current == null || current.remaining() < bytes) {
            flush();
            current = ByteBuffer.allocate(slotBytes).order(ByteOrder.LITTLE_ENDIAN).position(header);
        }
        current.putShort((short) length);
        table.copyWord(entry, current.array(), current.position());
        current.position(current.position() + length);
        current.putLong(table.count(entry));
    }

    /** The payloads so far (the last one trimmed to its entries); the packer starts empty again. */
    public List<byte[]> take() {
        flush();
        List<byte[]> out = List.copyOf(done);
        done.clear();
        return out;
    }

    private void flush() {
        if (current != null) {
            done.add(java.util.Arrays.copyOf(current.array(), current.position()));
            current = null;
        }
    }
}
