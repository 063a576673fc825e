package dev.bulwark.apps.kv;

import java.util.ArrayDeque;
import java.util.List;

/**
 * One client connection as the front sees it: its commands still waiting for a reply, in the order they
 * came (pipelining: many may be in flight at once), and the reply bytes ready to go out. Replies leave in
 * command order whatever order the shards answer in: a command that completes behind an unfinished one
 * waits, with its reply, until everything before it has gone.
 *
 * <p>Threading: the front's thread only.
 */
final class ClientConnection {
    final long id;
    /** Replies ready for the NIC, in order. */
    final RespWriter out = new RespWriter(256);
    private final ArrayDeque<PendingCommand> waiting = new ArrayDeque<>();
    private final List<ClientConnection> withOutput;
    private final int registrySlot;
    private boolean listed;
    private boolean closed;
    private boolean closeWhenDone;
    private String name;

    /**
     * A connection whose output, when there is some, gets it listed once in {@code withOutput} (the front's
     * list of connections to flush).
     */
    ClientConnection(long id, int registrySlot, List<ClientConnection> withOutput) {
        this.id = id;
        this.registrySlot = registrySlot;
        this.withOutput = withOutput;
    }

    int registrySlot() {
        return registrySlot;
    }

    /** Whether no command is waiting: a reply now can go straight to {@link #out}. */
    boolean idle() {
        return waiting.isEmpty();
    }

    /** Whether {@code command} is the oldest command waiting: its reply can go straight to {@link #out}. */
    boolean atHead(PendingCommand command) {
        return waiting.peekFirst() == command;
    }

    /** Queues a command behind the ones in flight. */
    void enqueue(PendingCommand command) {
        waiting.add(command);
    }

    /** Commands waiting for a reply. */
    int inFlight() {
        return waiting.size();
    }

    /** Moves the finished commands at the head, in order, to {@link #out}; call after a command finishes. */
    void drain() {
        while (!waiting.isEmpty() && waiting.peekFirst().finished()) {
            byte[] reply = waiting.pop().reply();
            if (reply != null && !closed) {
                out.raw(reply, 0, reply.length);
            }
        }
        outputWritten();
    }

    /** Lists the connection for the next flush if it has output (or must close). */
    void outputWritten() {
        if (!listed && !closed && (out.length() > 0 || closeWhenDone && waiting.isEmpty())) {
            listed = true;
            withOutput.add(this);
        }
    }

    /** Called by the flush that took this connection off the list. */
    void unlisted() {
        listed = false;
    }

    /** QUIT: close once every reply before it has gone out. */
    void closeWhenDone() {
        closeWhenDone = true;
        outputWritten();
    }

    /** Whether the connection should be closed now (QUIT, every reply written). */
    boolean readyToClose() {
        return closeWhenDone && waiting.isEmpty() && out.length() == 0;
    }

    /** The peer went away (or the front closed it): replies still to come are dropped. */
    void closed() {
        closed = true;
        out.clear();
    }

    boolean isClosed() {
        return closed;
    }

    /** The name given with CLIENT SETNAME, or null. */
    String name() {
        return name;
    }

    void name(String newName) {
        name = newName;
    }
}
