package dev.bulwark.drill.workload;

import java.util.Locale;

/**
 * What one load measurement found ({@link KvLoad}): the shape it ran with, what it sent and what came back over the
 * whole run (every reply checked), and its figures over the measured window only. Times are nanoseconds.
 *
 * @param connections  client connections, each with its own pipeline
 * @param depth        commands each connection keeps in flight
 * @param warmupNanos  how long it ran before the window (replies then are checked, not counted)
 * @param windowNanos  how long the window was
 * @param commands     commands sent over the whole run
 * @param replies      replies read over the whole run: equal to {@code commands} unless a connection failed
 * @param errors       error replies ({@code -TRYAGAIN}) and failed connections: none on a healthy chip
 * @param wrong        replies that were not what the commands asked for (a GET reading another value than the
 *                     connection's last SET of that key sent before it, a SET not answered {@code +OK})
 * @param firstWrong   the first of those, in words; null if none
 * @param measured     successful replies that arrived in the window
 * @param opsPerSecond {@code measured} over the window
 * @param p50Nanos     median latency of the window's replies, from the send of its command's batch to its reply
 * @param p99Nanos     99th percentile of that latency
 * @param maxNanos     the longest of those
 * @param idleP50Nanos median latency of one command at a time, on a connection of its own after the window: the
 *                     round trip without the load's queue (with what output commit holds)
 * @param idleP99Nanos 99th percentile of that latency
 */
public record LoadFigures(int connections, int depth, long warmupNanos, long windowNanos, long commands, long replies,
                          long errors, long wrong, String firstWrong, long measured, double opsPerSecond, long p50Nanos,
                          long p99Nanos, long maxNanos, long idleP50Nanos, long idleP99Nanos) {
    /** Commands in flight at once: the window a closed loop keeps open. */
    public int inFlight() {
        return connections * depth;
    }

    /** Its shape in words: {@code 4 connections x 256 commands in flight (1024), 1.0 s warm-up, 3.0 s window}. */
    public String shape() {
        return shape(connections, depth, warmupNanos, windowNanos);
    }

    static String shape(int connections, int depth, long warmupNanos, long windowNanos) {
        return String.format(Locale.ROOT, "%d connections x %d commands in flight (%d), %.1f s warm-up, %.1f s window",
                connections, depth, connections * depth, warmupNanos / 1e9, windowNanos / 1e9);
    }

    /** Whether every command had its reply and every reply was what its command asked for. */
    public boolean clean() {
        return errors == 0 && wrong == 0 && replies == commands;
    }
}
