package dev.bulwark.sandbox.kernel;

import dev.bulwark.ipc.Message;
import dev.bulwark.ipc.channel.InPort;
import dev.bulwark.sandbox.replica.LogDescriptor;

import java.nio.ByteBuffer;

/**
 * A redundant copy's one source of inputs, in place of its inbox and its timers: the sandbox's input log, read
 * from the copy's log channel entry by entry ({@link LogDescriptor}). A MESSAGE entry reaches the app as the
 * message its sender sent (type, sender, incarnation, seq, send time, payload); a TIMER entry as that timer
 * firing. While the app handles an entry, {@link #logicalNanos()} is the entry's logical time, which is what
 * the copy's {@code now()} reads: every copy sees the same inputs, in the same order, at the same times.
 *
 * <p>Entries carry their index, and their frame the sandbox's generation as its incarnation stamp; the copy
 * handles index {@code next} of its own generation, from 0, and skips every other: what the replicator sent a
 * failed incarnation of this copy and it left in the channel (the replicator sends the new one everything again,
 * from 0, behind it: the channel is FIFO, so the stale entries come first and only those equal to what is sent
 * again can be taken for {@code next}), or another generation's. Once the copy has handled an entry, every stale
 * one is behind it, so an entry of its generation past {@code next} is a gap (the channel dropped a frame whose
 * checksum failed): the kernel fails, and the copy is rebuilt by replay. Kernel thread only.
 */
final class ReplicaSource implements EventSource {
    private final InPort log;
    private final int batch;
    private final AppDispatch app;
    private final Entry entry = new Entry();
    private final int generation;
    private long next;
    private long logicalNanos;

    ReplicaSource(InPort log, int batch, AppDispatch app, int generation, long startNanos) {
        this.log = log;
        this.generation = generation;
        this.batch = batch;
        this.app = app;
        this.logicalNanos = startNanos;
    }

    @Override
    public int doWork(long now) {
        int handled = 0;
        for (int i = 0; i < batch; i++) {
            Message m = log.poll();
            if (m == null) {
                break;
            }
            long index = m.getLong(LogDescriptor.INDEX_AT);
            if (m.incarnation() == generation && index == next) {
                logicalNanos = m.getLong(LogDescriptor.LOGICAL_NANOS_AT);
                next++;
                switch (m.type()) {
                    case LogDescriptor.MESSAGE -> {
                        entry.raw = m;
                        app.message(entry);
                        entry.raw = null;
                    }
                    case LogDescriptor.TIMER -> app.timer(m.getLong(LogDescriptor.TIMER_ID_AT));
                    default -> throw new KernelPanicException("input log entry " + index + " of unknown kind " + m.type());
                }
                handled++;
            } else if (m.incarnation() == generation && index > next && next > 0) {
                throw new KernelPanicException("input log gap: entry " + index + " arrived, " + next + " expected");
            }
            log.handled();
        }
        return handled;
    }

    @Override
    public long wakeAt(long now) {
        return log.isEmpty() ? Long.MAX_VALUE : now;
    }

    /** The logical time of the entry being handled (or last handled): the copy's {@code now()}. */
    long logicalNanos() {
        return logicalNanos;
    }

    /** A logged message as its sender sent it: a view of the log entry, valid while the app's handler runs. */
    private static final class Entry implements Message {
        Message raw;

        @Override
        public int type() {
            return raw.getInt(LogDescriptor.TYPE_AT);
        }

        @Override
        public int length() {
            return raw.length() - LogDescriptor.MESSAGE_HEADER;
        }

        @Override
        public int sender() {
            return raw.getInt(LogDescriptor.SENDER_AT);
        }

        @Override
        public int incarnation() {
            return raw.getInt(LogDescriptor.INCARNATION_AT);
        }

        @Override
        public long seq() {
            return raw.getLong(LogDescriptor.SEQ_AT);
        }

        @Override
        public long sentNanos() {
            return raw.getLong(LogDescriptor.SENT_NANOS_AT);
        }

        private int at(int at, int size) {
            if (at < 0 || size < 0 || (long) at + size > length()) {
                throw new IndexOutOfBoundsException("read of " + size + " bytes at " + at + " of a " + length()
                        + "-byte message");
            }
            return LogDescriptor.MESSAGE_HEADER + at;
        }

        @Override
        public byte getByte(int at) {
            return raw.getByte(at(at, 1));
        }

        @Override
        public int getInt(int at) {
            return raw.getInt(at(at, Integer.BYTES));
        }

        @Override
        public long getLong(int at) {
            return raw.getLong(at(at, Long.BYTES));
        }

        @Override
        public void getBytes(int at, byte[] dst, int dstOffset, int length) {
            raw.getBytes(at(at, length), dst, dstOffset, length);
        }

        @Override
        public void getBytes(ByteBuffer dst) {
            int length = length();
            byte[] bytes = new byte[length];
            getBytes(0, bytes, 0, length);
            dst.put(bytes);
        }

        @Override
        public String toString() {
            return raw == null ? "message (handled)" : copy().toString();
        }
    }
}
