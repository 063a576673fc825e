package dev.bulwark.sandbox.kernel;

import dev.bulwark.ipc.Claim;
import dev.bulwark.ipc.PayloadTooLargeException;
import dev.bulwark.ipc.Sender;
import dev.bulwark.ipc.channel.OutPort;
import dev.bulwark.sandbox.replica.OutputDescriptor;
import dev.bulwark.sandbox.replica.ReplicaLink;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * Where a redundant copy's outputs go: every message its app sends, every timer it sets and its finish become
 * one record on the copy's output link ({@link OutputDescriptor}), for the replicator to compare with the other
 * copies' before the one agreed output leaves. Nothing leaves the copy any other way.
 *
 * <p>An output never fails for the app: a send returns true, a claim is never null (the replicator holds what a
 * full real channel cannot take yet, in order). Otherwise the copies' behaviour would hang on the timing of
 * their links. A full link (the replicator is behind) makes the copy wait for it, parked; a revoked lease ends
 * the wait with {@link dev.bulwark.hw.core.LeaseRevokedException}.
 *
 * <p>Kernel thread only.
 */
final class ReplicaOutputs {
    private static final long FULL_LINK_PARK_NANOS = 20_000;

    private final OutPort link;
    private final Map<String, Sender> senders = new HashMap<>();

    ReplicaOutputs(ReplicaLink replica, OutPort link) {
        this.link = link;
        for (int i = 0; i < replica.outbound().size(); i++) {
            senders.put(replica.outbound().get(i), new ReplicaSender(i, replica.outbound().get(i),
                    replica.outboundSlotBytes().get(i)));
        }
    }

    /** The app's sender to {@code to}, or null if the sandbox has no channel to it. */
    Sender sender(String to) {
        return senders.get(to);
    }

    Set<String> receivers() {
        return senders.keySet();
    }

    void timer(long delayNanos, long timerId) {
        claim(OutputDescriptor.TIMER).putLong(OutputDescriptor.DELAY_AT, Math.max(0, delayNanos))
                .putLong(OutputDescriptor.TIMER_ID_AT, timerId).commit();
    }

    void finish(boolean success, String summary) {
        byte[] text = summary.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(text.length, OutputDescriptor.SUMMARY_BYTES);
        claim(OutputDescriptor.FINISH).putInt(OutputDescriptor.SUCCESS_AT, success ? 1 : 0)
                .putBytes(OutputDescriptor.SUMMARY_AT, text, 0, length).commit();
    }

    /** The link's next frame for an output of {@code kind}, waiting while the link is full. */
    private Claim claim(int kind) {
        for (Claim c; ; LockSupport.parkNanos(FULL_LINK_PARK_NANOS)) {
            if ((c = link.claim(kind)) != null) {
                return c;
            }
        }
    }

    /** What the app holds for one outbound channel: its sends become SEND outputs. */
    private final class ReplicaSender implements Sender {
        private final int outbound;
        private final String to;
        private final int slotBytes;
        private final OffsetClaim claim;

        ReplicaSender(int outbound, String to, int slotBytes) {
            this.outbound = outbound;
            this.to = to;
            this.slotBytes = slotBytes;
            this.claim = new OffsetClaim(to, slotBytes);
        }

        @Override
        public String to() {
            return to;
        }

        @Override
        public int slotBytes() {
            return slotBytes;
        }

        @Override
        public Claim claim(int type) {
            Claim inner = ReplicaOutputs.this.claim(OutputDescriptor.SEND);
            inner.putInt(OutputDescriptor.OUTBOUND_AT, outbound).putInt(OutputDescriptor.TYPE_AT, type);
            return claim.open(inner);
        }

        @Override
        public boolean send(int type, byte[] payload, int offset, int length) {
            if (length > slotBytes) {
                throw new PayloadTooLargeException(to, length, slotBytes);
            }
            Claim c = claim(type);
            c.putBytes(0, payload, offset, length);
            c.commit();
            return true;
        }
    }

    /**
     * A claim on the link seen as a claim on the real channel: offsets shifted past the SEND header, the real
     * channel's slot as its limit.
     */
    private static final class OffsetClaim implements Claim {
        private final String to;
        private final int capacity;
        private Claim inner;
        private int length;

        OffsetClaim(String to, int capacity) {
            this.to = to;
            this.capacity = capacity;
        }

        Claim open(Claim inner) {
            this.inner = inner;
            this.length = 0;
            return this;
        }

        private int at(int at, int size) {
            long end = (long) at + size;
            if (at < 0 || size < 0) {
                throw new IndexOutOfBoundsException("write of " + size + " bytes at " + at + " to " + to);
            }
            if (end > capacity) {
                throw new PayloadTooLargeException(to, end, capacity);
            }
            length = Math.max(length, (int) end);
            return OutputDescriptor.SEND_HEADER + at;
        }

        @Override
        public int capacity() {
            return capacity;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public Claim putByte(int at, byte value) {
            int offset = at(at, 1);
            inner.putByte(offset, value);
            return this;
        }

        @Override
        public Claim putInt(int at, int value) {
            int offset = at(at, Integer.BYTES);
            inner.putInt(offset, value);
            return this;
        }

        @Override
        public Claim putLong(int at, long value) {
            int offset = at(at, Long.BYTES);
            inner.putLong(offset, value);
            return this;
        }

        @Override
        public Claim putBytes(int at, byte[] src, int srcOffset, int length) {
            int offset = at(at, length);
            inner.putBytes(offset, src, srcOffset, length);
            return this;
        }

        @Override
        public void commit() {
            inner.commit();
        }

        @Override
        public void abort() {
            inner.abort();
        }
    }
}
