package dev.bulwark.ipc;

/**
 * One slot of a channel's frame ring. Owned by exactly one side at a time: the producer writes it, the
 * queue's offer (a release) hands it to the consumer, whose poll (an acquire) makes the writes visible;
 * the consumer reads it until its handler returns and then releases it with the channel's
 * {@code handled} counter (a release), which the producer reads (an acquire) before writing it again.
 * Plain fields suffice inside that protocol.
 */
final class Frame implements Message {
    private int type;
    private int sender;
    private int incarnation;
    private long seq;
    private long sentNanos;
    private long a;
    private long b;

    void write(int type, int sender, int incarnation, long seq, long sentNanos, long a, long b) {
        this.type = type;
        this.sender = sender;
        this.incarnation = incarnation;
        this.seq = seq;
        this.sentNanos = sentNanos;
        this.a = a;
        this.b = b;
    }

    @Override
    public int type() {
        return type;
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
    public long a() {
        return a;
    }

    @Override
    public long b() {
        return b;
    }

    @Override
    public String toString() {
        return copy().toString();
    }
}
