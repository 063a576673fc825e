package dev.bulwark.apps.control;

import dev.bulwark.ipc.Claim;
import dev.bulwark.ipc.Message;
import dev.bulwark.ipc.Sender;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;

/**
 * A channel for tests without a kernel: a bounded FIFO of messages that a {@link Sender} fills and a test
 * takes from, one message at a time, to hand to the receiving app. Messages are little-endian as on a real
 * channel; the header fields a kernel stamps are left zero except the type.
 */
final class Wire implements Sender {
    private final String to;
    private final int capacity;
    private final ArrayDeque<Message> queue = new ArrayDeque<>();
    private long refused;

    Wire(String to, int capacity) {
        this.to = to;
        this.capacity = capacity;
    }

    @Override
    public String to() {
        return to;
    }

    @Override
    public int slotBytes() {
        return 2048;
    }

    @Override
    public Claim claim(int type) {
        if (queue.size() >= capacity) {
            refused++;
            return null;
        }
        return new Frame(type);
    }

    @Override
    public boolean send(int type, byte[] payload, int offset, int length) {
        Claim c = claim(type);
        if (c == null) {
            return false;
        }
        c.putBytes(0, payload, offset, length).commit();
        return true;
    }

    /** The oldest message not yet taken, or null. */
    Message take() {
        return queue.poll();
    }

    int size() {
        return queue.size();
    }

    long refused() {
        return refused;
    }

    private final class Frame implements Claim {
        private final int type;
        private final ByteBuffer bytes = ByteBuffer.allocate(2048).order(ByteOrder.LITTLE_ENDIAN);
        private int length;

        Frame(int type) {
            this.type = type;
        }

        @Override
        public int capacity() {
            return bytes.capacity();
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public Claim putByte(int at, byte value) {
            bytes.put(at, value);
            length = Math.max(length, at + 1);
            return this;
        }

        @Override
        public Claim putInt(int at, int value) {
            bytes.putInt(at, value);
            length = Math.max(length, at + Integer.BYTES);
            return this;
        }

        @Override
        public Claim putLong(int at, long value) {
            bytes.putLong(at, value);
            length = Math.max(length, at + Long.BYTES);
            return this;
        }

        @Override
        public Claim putBytes(int at, byte[] src, int srcOffset, int count) {
            bytes.put(at, src, srcOffset, count);
            length = Math.max(length, at + count);
            return this;
        }

        @Override
        public void commit() {
            byte[] payload = new byte[length];
            bytes.get(0, payload);
            queue.add(new Received(type, payload));
        }

        @Override
        public void abort() {
        }
    }

    /** A message as its receiver reads it. */
    record Received(int type, byte[] bytes) implements Message {
        private ByteBuffer buffer() {
            return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        }

        @Override
        public int length() {
            return bytes.length;
        }

        @Override
        public int sender() {
            return 0;
        }

        @Override
        public int incarnation() {
            return 1;
        }

        @Override
        public long seq() {
            return 0;
        }

        @Override
        public long sentNanos() {
            return 0;
        }

        @Override
        public byte getByte(int at) {
            return buffer().get(at);
        }

        @Override
        public int getInt(int at) {
            return buffer().getInt(at);
        }

        @Override
        public long getLong(int at) {
            return buffer().getLong(at);
        }

        @Override
        public void getBytes(int at, byte[] dst, int dstOffset, int count) {
            System.arraycopy(bytes, at, dst, dstOffset, count);
        }

        @Override
        public void getBytes(ByteBuffer dst) {
            dst.put(bytes);
        }
    }
}
