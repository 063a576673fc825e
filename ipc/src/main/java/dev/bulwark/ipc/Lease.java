package dev.bulwark.ipc;

/**
 * The right of one kernel incarnation to use its ports. The monitor revokes it when that incarnation
 * fails; from then on every port operation of the incarnation throws {@link LeaseRevokedException}, so a
 * zombie kernel that wakes up ends at its next send or poll instead of racing its successor.
 *
 * <p>{@code revoked} is volatile: revoke (monitor thread) happens-before any port call that sees it.
 * A zombie already past the check when the lease is revoked may complete that one operation; that
 * window is closed for memory by the partition's arena and is stated in {@link Channel}'s rule.
 */
public final class Lease {
    private final String holder;
    private volatile boolean revoked;

    public Lease(String holder) {
        this.holder = holder;
    }

    public String holder() {
        return holder;
    }

    public void revoke() {
        revoked = true;
    }

    public boolean isRevoked() {
        return revoked;
    }

    /** Throws if revoked. */
    public void check() {
        if (revoked) {
            throw new LeaseRevokedException(holder);
        }
    }
}
