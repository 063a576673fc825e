/**
 * The recovery policy, as Erlang/OTP's supervisor has it: data and pure decisions, carried out by the monitor.
 *
 * <p>A {@link dev.bulwark.monitor.policy.Supervisor} per group of sandboxes (a sandbox in no group is a group
 * of one) holds a {@link dev.bulwark.monitor.policy.Strategy}, an escalation chain of
 * {@link dev.bulwark.monitor.policy.Scheme}s each with its own
 * {@link dev.bulwark.monitor.policy.RestartIntensity}, and a {@link dev.bulwark.monitor.policy.Backoff}. Given a
 * failure and a {@link dev.bulwark.monitor.policy.ChipView} it returns a {@link dev.bulwark.monitor.policy.Plan}
 * of {@link dev.bulwark.monitor.policy.Step}s (retire, wait, launch on a core with memory kept or fresh, stop);
 * the monitor executes it, and hands a launch it could not carry out back to {@code onRefused} for the next
 * scheme. {@link dev.bulwark.monitor.policy.Supervisors} builds them from a spec.
 *
 * <p>Nothing here runs a thread, blocks or reads a clock: timestamps are the caller's, so every decision is
 * unit-tested with explicit nanoseconds. A supervisor is used by the monitor's supervisor thread only.
 */
package dev.bulwark.monitor.policy;
