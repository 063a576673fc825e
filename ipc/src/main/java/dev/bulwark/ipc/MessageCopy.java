package dev.bulwark.ipc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.Objects;

/** A message kept after its handler returned: an immutable value with its own copy of the payload. */
public final class MessageCopy implements Message {
    private final int type;
    private final int sender;
    private final int incarnation;
    private final long seq;
    private final long sentNanos;
    private final ByteBuffer payload; // little-endian, read with absolute gets only, never exposed

    private MessageCopy(int type, int sender, int incarnation, long seq, long sentNanos, byte[] payload) {
        this.type = type;
        this.sender = sender;
        this.incarnation = incarnation;
        this.seq = seq;
        this.sentNanos = sentNanos;
        this.payload = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
    }

    static MessageCopy of(Message m) {
        return new MessageCopy(m.type(), m.sender(), m.incarnation(), m.seq(), m.sentNanos(), m.payload());
    }

    /** A message value made in code (tests, replay): {@code payload} is copied. */
    public static MessageCopy of(int type, int sender, int incarnation, long seq, long sentNanos, byte[] payload) {
        return new MessageCopy(type, sender, incarnation, seq, sentNanos, payload.clone());
    }

    @Override
    public int type() {
        return type;
    }

    @Override
    public int length() {
        return payload.capacity();
    }

    @Override
    public int sender() {
        return sender;
    }

    @Override
    public int incarnation() {
        return incarnation;
    }

    @Override
    public long seq() {
        return seq;
    }

    @Override
    public long sentNanos() {
        return sentNanos;
    }

    @Override
    public byte getByte(int at) {
        return payload.get(at);
    }

    @Override
    public int getInt(int at) {
        return payload.getInt(at);
    }

    @Override
    public long getLong(int at) {
        return payload.getLong(at);
    }

    @Override
    public void getBytes(int at, byte[] dst, int dstOffset, int length) {
        payload.get(at, dst, dstOffset, length);
    }

    @Override
    public void getBytes(ByteBuffer dst) {
        dst.put(payload.duplicate().clear());
    }

    @Override
    public Message copy() {
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MessageCopy m && type == m.type && sender == m.sender && incarnation == m.incarnation
                && seq == m.seq && sentNanos == m.sentNanos && payload.equals(m.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, sender, incarnation, seq, sentNanos, payload);
    }

    @Override
    public String toString() {
        int shown = Math.min(length(), 32);
        byte[] head = new byte[shown];
        payload.get(0, head);
        return "Message[type=" + type + ", sender=" + sender + "#" + incarnation + ", seq=" + seq + ", length="
                + length() + ", payload=" + HexFormat.of().formatHex(head) + (shown < length() ? "..." : "") + "]";
    }
}
