package dev.bulwark.hw.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The right of one kernel incarnation to use its ports: its channels' ports and its devices' driver operations. The monitor revokes it when that incarnation
 * fails; from then on every port operation of the incarnation throws {@link LeaseRevokedException}, so a
 * zombie kernel that wakes up ends at its next send, poll or release instead of racing its successor.
 *
 * <h2>An exact hand-over</h2>
 * Every port operation runs between {@link #enter()} and {@link #exit()}, on the holder's thread.
 * {@link #revoke()} returns only when no operation is under way, and none can begin afterwards, so once it
 * has returned the monitor may settle the channels and bind them to a successor: no zombie can still be
 * half-way through a send or poll, or release a message the monitor already counted lost.
 * <pre>
 *   holder (enter):   inUse = 1 (volatile)  ; load revoked (volatile)  -> revoked? inUse = 0, throw
 *   monitor (revoke): revoked = 1 (volatile); load inUse (volatile)    -> 1? wait until it reads 0
 * </pre>
 * Both sides store then load with sequential consistency (Dekker), so at least one sees the other: either
 * the holder sees {@code revoked} and backs out, or the monitor sees {@code inUse} and waits for the
 * release store of {@link #exit()}. An operation is a few lines of non-blocking code, so the wait is at
 * most a descheduling of the holder's thread. The price is one StoreLoad barrier per port operation; a
 * look that changes nothing (finding a channel empty) uses {@link #check()} and pays none, so a receiver
 * spinning on an empty channel does not spin on barriers.
 *
 * <p>{@code inUse} has one writer, the holder's thread; {@code revoked} one writer, the monitor.
 */
public final class Lease {
    private static final VarHandle IN_USE;

    static {
        try {
            IN_USE = MethodHandles.lookup().findVarHandle(Lease.class, "inUse", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String holder;
    private volatile boolean revoked;
    private volatile boolean inUse;

    public Lease(String holder) {
        this.holder = holder;
    }

    public String holder() {
        return holder;
    }

    /**
     * Revokes the lease and waits until no operation of the holder is under way: when this returns, none
     * is and none will start. Idempotent.
     */
    public void revoke() {
        revoked = true;
        for (int spins = 0; inUse; spins++) {
            if (spins < 100) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    public boolean isRevoked() {
        return revoked;
    }

    /**
     * Begins a port operation (holder's thread only).
     *
     * @throws LeaseRevokedException if the lease was revoked; no operation is then under way
     */
    public void enter() {
        inUse = true;
        if (revoked) {
            IN_USE.setRelease(this, false);
            throw new LeaseRevokedException(holder);
        }
    }

    /**
     * Throws if the lease was revoked (a volatile load, no barrier; holder's thread): for a look that
     * changes nothing, such as finding a channel empty, so that a zombie learns of its revocation there too.
     */
    public void check() {
        if (revoked) {
            throw new LeaseRevokedException(holder);
        }
    }

    /** Ends the port operation begun by {@link #enter()}: a release store, ordering its writes before it. */
    public void exit() {
        IN_USE.setRelease(this, false);
    }
}
