package dev.bulwark.bench.ipc;

import dev.bulwark.hw.core.CpuAffinity;

/**
 * Whether the benchmark's two threads were pinned to host CPUs, and to which, or why not: for the header,
 * since a pinned and an unpinned run are different experiments.
 *
 * @param asked     whether the user asked ({@code --pin})
 * @param initiator the initiator thread's pin attempt, or null if none was made
 * @param responder the responder thread's pin attempt, or null if none was made
 * @param why       why no attempt was made although asked (fewer than two allowed CPUs), or empty
 */
public record Pinning(boolean asked, CpuAffinity.Result initiator, CpuAffinity.Result responder, String why) {
    static Pinning notAsked() {
        return new Pinning(false, null, null, "");
    }

    static Pinning impossible(String why) {
        return new Pinning(true, null, null, why);
    }

    static Pinning attempted(CpuAffinity.Result initiator, CpuAffinity.Result responder) {
        return new Pinning(true, initiator, responder, "");
    }

    /** Whether both threads are pinned, to distinct CPUs. */
    public boolean pinned() {
        return initiator != null && initiator.pinned() && responder != null && responder.pinned();
    }

    /** One line: {@code pinned: initiator to CPU 0, responder to CPU 1}, or what was not pinned and why. */
    public String describe() {
        if (!asked) {
            return "not pinned (--pin pins them to two distinct CPUs)";
        }
        if (initiator == null || responder == null) {
            return "not pinned: " + why;
        }
        if (pinned()) {
            return "pinned: initiator to CPU " + initiator.cpu() + ", responder to CPU " + responder.cpu();
        }
        return side("initiator", initiator) + "; " + side("responder", responder);
    }

    private static String side(String thread, CpuAffinity.Result result) {
        return result.pinned() ? thread + " pinned to CPU " + result.cpu() : thread + " not pinned: " + result.why();
    }
}
