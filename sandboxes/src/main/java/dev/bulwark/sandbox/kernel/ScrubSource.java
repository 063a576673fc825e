package dev.bulwark.sandbox.kernel;

/**
 * The kernel's check of its own data: every scrub period it verifies the checksum over its data in the
 * partition ({@link KernelData#verify()}, which throws {@link KernelDataCorruptedException}: a trap).
 */
final class ScrubSource implements EventSource {
    private final KernelData data;
    private final long periodNanos;
    private long nextNanos;

    ScrubSource(KernelData data, long periodNanos, long now) {
        this.data = data;
        this.periodNanos = periodNanos;
        this.nextNanos = now + periodNanos;
    }

    @Override
    public int doWork(long now) {
        if (now - nextNanos >= 0) {
            data.verify();
            nextNanos = now + periodNanos;
        }
        return 0; // a scrub is upkeep, not progress
    }

    @Override
    public long wakeAt(long now) {
        return nextNanos;
    }
}
