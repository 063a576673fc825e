package dev.bulwark.hw.memory;

/**
 * Refused: the {@link Backing} of {@link #region()} has a live mapping, held by {@link #holder()}, and the
 * operation asked for needs it unmapped (another mapping, or zeroing the bytes under a running kernel). This
 * is how the one-live-mapping invariant shows itself; it is Bulwark's own type, so a caller never has to tell
 * it from a JDK exception by its message.
 */
public final class RegionMappedException extends RuntimeException {
    private final Region region;
    private final String holder;

    RegionMappedException(Region region, String holder, String refused) {
        super("cannot " + refused + " " + region + ": it is mapped by " + holder
                + " (a backing has at most one live mapping; revoke it first)");
        this.region = region;
        this.holder = holder;
    }

    /** The region whose backing is mapped. */
    public Region region() {
        return region;
    }

    /** Who holds the live mapping (an incarnation, for example {@code tally-a#2}). */
    public String holder() {
        return holder;
    }
}
