/**
 * Channels' admin side, for the kernel and the monitor only: {@link dev.bulwark.ipc.channel.Channel},
 * the ports bound to one incarnation ({@link dev.bulwark.ipc.channel.OutPort},
 * {@link dev.bulwark.ipc.channel.InPort}) and the {@link dev.bulwark.hw.core.Lease} that the monitor
 * revokes when that incarnation fails. Apps never see this package (see {@code module-info}).
 *
 * <h2>Memory ordering, named</h2>
 * Every access to state shared between threads is named by its ordering, as JCTools names them:
 * <ul>
 *   <li><b>plain</b>: no ordering; only for a value its reader wrote itself (a counter's one writer
 *       reading its own count), or state handed over by an ordering below;</li>
 *   <li><b>release</b> ({@code setRelease}, {@code lazySet}, the queue's offer): every earlier read and
 *       write happens before it, for anyone who reads the value with an acquire;</li>
 *   <li><b>acquire</b> ({@code getAcquire}, the queue's poll): no later read or write moves before it;</li>
 *   <li><b>volatile</b>: sequentially consistent; a volatile store followed by a volatile load of
 *       another variable is the StoreLoad pair that Dekker-style protocols need (the {@code Lease}, the
 *       {@link dev.bulwark.hw.core.Doorbell}), and it costs a fence.</li>
 * </ul>
 * A frame's bytes are written plainly by the producer and published by the queue's offer (release); the
 * consumer's poll (acquire) makes them visible; the consumer's {@code handled} release store, read with an
 * acquire load by a producer that has come round the ring, hands the frame back. Each counter has one
 * writer at a time, named in {@link dev.bulwark.ipc.channel.Channel}, and lives in its writer's own
 * padded block ({@code ChannelCounters}). "One writer at a time" holds across incarnations because every
 * port operation that changes shared state runs inside its lease (a volatile store then a volatile load),
 * and the monitor binds a successor's port only after {@code Lease.revoke()} has seen the predecessor
 * out of every operation.
 */
package dev.bulwark.ipc.channel;
