/**
 * {@code bulwark bench ipc}: the command ({@link dev.bulwark.bench.ipc.IpcCommand}), the run
 * ({@link dev.bulwark.bench.ipc.IpcBench}: warm-up, then interleaved rounds on one
 * {@link dev.bulwark.bench.ipc.ThreadPair}), what it measured ({@link dev.bulwark.bench.ipc.Measurement},
 * {@link dev.bulwark.bench.ipc.Row}) and its reports: the table, JSON, CSV and HdrHistogram logs.
 *
 * <p>Threads: the command's thread coordinates (sets each transport up, hands the sides to the pair, waits
 * parked, records, draws the progress bar); only the pair's two threads run measured code.
 */
package dev.bulwark.bench.ipc;
