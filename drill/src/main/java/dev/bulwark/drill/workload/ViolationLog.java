package dev.bulwark.drill.workload;

import java.util.ArrayList;
import java.util.List;

/**
 * The violations a workload's checkers recorded, oldest first, at most {@link #CAPACITY}: a chip that has broken
 * its promises that often has said all it can, and memory stays bounded. Past the capacity {@link #record} drops
 * the violation and counts it in {@link #dropped()}; the cursor ({@link #size()}) stops growing there.
 *
 * <p>Threading: any thread records and reads; guarded by this object's lock.
 */
final class ViolationLog {
    static final int CAPACITY = 10_000;

    private final String workload;
    private final List<Workload.Violation> found = new ArrayList<>();
    private long dropped;

    ViolationLog(String workload) {
        this.workload = workload;
    }

    synchronized void record(long nanos, String sandbox, String what) {
        if (found.size() < CAPACITY) {
            found.add(new Workload.Violation(nanos, workload, sandbox, what));
        } else {
            dropped++;
        }
    }

    synchronized int size() {
        return found.size();
    }

    synchronized List<Workload.Violation> since(int from) {
        return List.copyOf(found.subList(Math.clamp(from, 0, found.size()), found.size()));
    }

    synchronized long dropped() {
        return dropped;
    }
}
