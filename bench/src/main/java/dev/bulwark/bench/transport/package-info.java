/**
 * The rows of {@code bulwark bench ipc}: each a {@link dev.bulwark.bench.transport.Transport} that sets up a
 * {@link dev.bulwark.bench.transport.Link} whose loops the benchmark runs on its two threads.
 *
 * <h2>What every row does the same way</h2>
 * <ul>
 *   <li>It moves the payload asked for (or says it cannot: {@code carriedBytes}): the sender copies it into a
 *       preallocated slot or record, the receiver copies it out, so both touch every byte; plus a sequence
 *       number, which the receiver checks.</li>
 *   <li>It allocates nothing in its loops: slots, records and receive buffers are made by {@code open}.</li>
 *   <li>It busy-spins ({@link java.lang.Thread#onSpinWait()}) while it waits, never parks or blocks.</li>
 *   <li>A round trip is timed by the initiator with two {@link java.lang.System#nanoTime()} reads, from just before
 *       the send (the copy in included) to just after the answer was copied out.</li>
 * </ul>
 *
 * <h2>Why each row writes out its own loops</h2>
 * The loops of {@link dev.bulwark.bench.transport.JctoolsTransport} and
 * {@link dev.bulwark.bench.transport.AbqTransport} differ only in the queue type. They are not shared on
 * purpose: the benchmark runs every row in one JVM, and a loop shared by two rows would carry both queue types
 * through one call site in the measured path, where the JIT then dispatches instead of inlining. A loop per
 * class is compiled for its own row alone.
 *
 * <h2>Memory ordering</h2>
 * Named as JCTools and Bulwark's {@code ipc} package name it: a <em>release</em> store orders every earlier
 * write before it (JCTools' ordered element store in {@code offer}, the Disruptor's cursor and gating
 * {@code Sequence.set}, Agrona's length store in {@code commit} and head store after {@code read},
 * {@code VarHandle.setRelease} in the raw line); the <em>acquire</em> load that sees it orders every later
 * read after it. Slot fields are plain: the queue's hand-over orders them (see
 * {@link dev.bulwark.bench.transport.Slots} for when a slot may be written again).
 */
package dev.bulwark.bench.transport;
