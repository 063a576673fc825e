/**
 * Channels between sandboxes, as apps see them.
 *
 * <p>A channel is one-way, single-producer single-consumer and bounded. An app holds a
 * {@link dev.bulwark.ipc.Sender} for each channel the monitor granted its sandbox, and is handed each
 * inbound {@link dev.bulwark.ipc.Message} by its kernel. A message is a header the kernel stamps (sender,
 * incarnation, sequence, send time, checksum) and up to the channel's slot of payload bytes, written into
 * a preallocated frame of the channel's region of modeled memory: claim, write, commit
 * ({@link dev.bulwark.ipc.Claim}). Nothing is shared between sandboxes but those bytes, and the
 * steady-state path allocates nothing. A receiver reads a read-only view valid until its handler returns,
 * and keeps {@code copy()} if it needs more.
 *
 * <p>The admin side (channels, ports, leases) is {@link dev.bulwark.ipc.channel}, for the kernel and the
 * monitor only; its package documentation names the memory orderings used.
 */
package dev.bulwark.ipc;
