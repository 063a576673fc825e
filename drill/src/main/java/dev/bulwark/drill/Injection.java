package dev.bulwark.drill;

import dev.bulwark.hw.fault.FaultKind;

/**
 * One injection of a drill and its verdict. Times are nanoseconds; {@link #NONE} where there is nothing to
 * measure (a masked fault has no detection latency; a stopped one no recovery latency).
 *
 * @param ordinal      its place in the schedule, from 1
 * @param variant      the scheme variant it ran under ({@code restart}, {@code microreboot}, or the config's)
 * @param kind         the fault's kind
 * @param target       where it landed ({@link Target#describe()})
 * @param victim       the sandbox whose failure it is
 * @param fault        the fault with its drawn parameters, in words
 * @param offsetNanos  how long after the chip settled it was injected (from the seed)
 * @param atNanos      when it was injected, since the drill started
 * @param chip         which boot of the chip it ran on, from 1
 * @param outcome      the verdict
 * @param detection    how the monitor detected it ({@code heartbeat}), or null if it did not
 * @param scheme       the scheme that recovered the victim last ({@code microreboot}), {@code app restart} (its kernel
 *                     restarted the app), {@code message dropped} (its port dropped a corrupt message), or null
 * @param detectNanos  injection to detection
 * @param recoverNanos detection to the victim serving again; NONE for a dropped message (the victim never stopped)
 * @param interruptNanos the longest gap between successes of the victim's workload around the fault
 * @param reason       for anything but masked or recovered: why, in words (what a checker found, what the
 *                     judge waited for); else null
 */
public record Injection(int ordinal, String variant, FaultKind kind, String target, String victim, String fault,
                        long offsetNanos, long atNanos, int chip, Outcome outcome, String detection, String scheme,
                        long detectNanos, long recoverNanos, long interruptNanos, String reason) {
    public static final long NONE = -1;
}
