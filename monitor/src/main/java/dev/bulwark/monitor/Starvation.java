package dev.bulwark.monitor;

import dev.bulwark.hw.core.Execution;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Tells a starved kernel from a hung one. On a loaded host a healthy kernel can be silent past a short
 * heartbeat timeout only because no host CPU ran it; a hung kernel is silent while it runs (a loop that
 * never returns to its event loop burns CPU) or while it is blocked (its thread waits). So once a kernel has
 * been silent for half a timeout, the monitor notes its thread's CPU time; when the silence passes the
 * timeout it judges: a thread that is runnable and got less than {@value #RUN_SHARE_PERCENT}% of a CPU
 * since the note was waiting for one, and is given more time; any other silence is a hang. The grace ends
 * after {@value #MAX_GRACE} timeouts or a second, whichever is longer: a thread blocked in native code (an
 * app calling a blocking socket read) also shows as runnable without CPU, and must not hide for ever. A JVM
 * that cannot read thread CPU time judges every silence a hang.
 *
 * <p>One per sandbox; used by the supervisor thread only.
 */
final class Starvation {
    static final int RUN_SHARE_PERCENT = 10;
    static final int MAX_GRACE = 10;
    static final long MIN_GRACE_NANOS = 1_000_000_000L;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean MEASURABLE = THREADS.isThreadCpuTimeSupported() && enable();

    private Execution noted;
    private long notedAtNanos;
    private long notedCpuNanos;

    private static boolean enable() {
        try {
            THREADS.setThreadCpuTimeEnabled(true);
            return THREADS.isThreadCpuTimeEnabled();
        } catch (UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /**
     * Watches a kernel silent for {@code silent} ns at {@code now} (chip clock, which the caller keeps in
     * step with the host's); returns true if it is to be judged hung now.
     */
    boolean hung(Execution run, long now, long silent, long timeout) {
        if (silent <= timeout / 2) {
            noted = null; // alive: forget any note
            return false;
        }
        if (noted != run) {
            noted = run;
            notedAtNanos = now;
            notedCpuNanos = cpuNanos(run);
            return silent > timeout && notedCpuNanos < 0; // no note to judge by: only if CPU time is unknowable
        }
        if (silent <= timeout) {
            return false;
        }
        if (silent > Math.max(MAX_GRACE * timeout, MIN_GRACE_NANOS) || !MEASURABLE) {
            return true;
        }
        long ran = cpuNanos(run) - notedCpuNanos;
        long waited = now - notedAtNanos;
        boolean starved = run.threadState() == Thread.State.RUNNABLE && ran * 100 < waited * RUN_SHARE_PERCENT;
        return !starved;
    }

    private static long cpuNanos(Execution run) {
        return MEASURABLE ? THREADS.getThreadCpuTime(run.threadId()) : -1;
    }
}
