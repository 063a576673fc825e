/**
 * Channels between sandboxes.
 *
 * <p>A {@link dev.bulwark.ipc.Channel} is one-way, single-producer single-consumer and bounded, built on
 * JCTools' VarHandle {@code SpscVarHandleArrayQueue}. Channels belong to the monitor and outlive the
 * kernels at their ends; each kernel incarnation reaches a channel only through a port
 * ({@link dev.bulwark.ipc.OutPort}, {@link dev.bulwark.ipc.InPort}) bound to its
 * {@link dev.bulwark.ipc.Lease}, which the monitor revokes when that incarnation fails.
 *
 * <p>A {@link dev.bulwark.ipc.Message} holds only primitives and is copied into one of the channel's
 * preallocated frames: nothing is shared between sandboxes but the values, and the steady-state send and
 * receive path allocates nothing. A receiver sees a read-only view valid until its handler returns, and
 * keeps {@code copy()}, an immutable value, if it needs more. The sender's sandbox, incarnation and per-channel
 * sequence number are stamped by the sending port (the kernel), never by the app.
 *
 * <p>Memory ordering, named as JCTools names it: <em>plain</em> (no ordering), <em>release</em> (an
 * ordered store, {@code lazySet}/{@code setRelease}: earlier writes are visible before it),
 * <em>acquire</em> (a load that later reads cannot move before, {@code get} of an atomic),
 * <em>volatile</em> (sequentially consistent store or load). The queue's offer is a release and its poll
 * an acquire, so a message's fields are visible to the consumer that polls it. Each counter has one
 * writer at a time (named on the field in {@link dev.bulwark.ipc.Channel}) and is published with a
 * release store; readers on other threads see a recent value. "One writer at a time" holds across
 * incarnations because a port operation runs inside its {@link dev.bulwark.ipc.Lease} (a volatile store
 * then a volatile load, Dekker-style), and the monitor binds a successor's port only after
 * {@link dev.bulwark.ipc.Lease#revoke()} has seen the predecessor out of every operation.
 */
package dev.bulwark.ipc;
