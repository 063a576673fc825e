package dev.bulwark.bench.ipc;

/** Told of each measurement as a run makes it, on the run's coordinating thread. */
public interface Progress {
    /** Measurement {@code done + 1} of {@code total} begins: {@code what} (e.g. "round 2/5: jctools, 16 B"). */
    void step(String what, int done, int total);

    /** The run has ended, completed or not. */
    void finished();

    /** Says nothing. */
    Progress NONE = new Progress() {
        @Override
        public void step(String what, int done, int total) {
        }

        @Override
        public void finished() {
        }
    };
}
