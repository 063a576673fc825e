package dev.bulwark.hw.core;

/**
 * A throwable that escaped a program, or the failure of the core under it: the core stopped the program
 * and reports this, the analogue of a VM exit. {@code execution} names the program run that trapped, so a
 * late report about an old run can be told apart from one about the current run.
 */
public record Trap(int coreId, Execution execution, Throwable cause, long nanos) {
}
