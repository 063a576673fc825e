package dev.bulwark.sandbox.app;

import java.lang.foreign.MemorySegment;
import java.util.Optional;

/**
 * An app's integrity check of its own structures in its memory: what a microreboot runs before it hands the
 * memory a failed incarnation left to a fresh kernel (ReHype keeps a VM's memory across a reboot of the
 * hypervisor only because it can check it). A check that finds a problem refuses the memory, and the recovery
 * policy escalates to its next scheme (a restart from the pristine image, say).
 *
 * <p>The check gets a read-only view of the whole app region, at a moment no incarnation maps it (the failed
 * one's mapping is closed first), on the monitor's thread: it must only read, and must not keep the view.
 * Memory that was never written (all zeros: the pristine state) is intact by definition, for every app.
 */
@FunctionalInterface
public interface AppMemoryCheck {
    /** The app declared no check: its memory is never kept by a scheme that needs one. */
    AppMemoryCheck UNDECLARED = memory -> Optional.empty();

    /** What is wrong with the app's structures in {@code appMemory}, or empty if they are intact. */
    Optional<String> problem(MemorySegment appMemory);

    /** Whether the app declared a check (false only for {@link #UNDECLARED}). */
    default boolean declared() {
        return this != UNDECLARED;
    }
}
