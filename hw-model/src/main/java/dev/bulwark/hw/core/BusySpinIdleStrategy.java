package dev.bulwark.hw.core;

/** Never gives the host CPU away: lowest wake-up latency, one host CPU per core. For benchmarks only. */
public final class BusySpinIdleStrategy implements IdleStrategy {
    @Override
    public void idle(int workCount) {
        if (workCount == 0) {
            Thread.onSpinWait();
        }
    }

    @Override
    public void reset() {
    }
}
