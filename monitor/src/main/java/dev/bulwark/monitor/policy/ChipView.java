package dev.bulwark.monitor.policy;

/**
 * What a {@link Supervisor} needs to know about the chip when it plans: a read-only view the monitor implements
 * over its own state, asked on the supervisor thread while a plan is made. The view says what is true of each
 * core and member; which free core a member moves to is the policy's ({@link CoreChoice}).
 */
public interface ChipView {
    /** The core {@code member}'s latest incarnation ran (or runs) on. */
    int coreOf(String member);

    /** Whether {@code core} has failed for good: it is never used again. */
    boolean failedForGood(int core);

    /**
     * Whether a sandbox holds {@code core}: one that is not stopped for good has its incarnation on it, or is
     * between incarnations with it as its core.
     */
    boolean inUse(int core);

    /** Whether {@code member} has an incarnation running now (not retired, not stopped, not waiting to be launched). */
    boolean isLive(String member);

    /** The core of {@code member}'s warm standby, if one is ready to take over; -1 if none is. */
    int standbyCore(String member);
}
