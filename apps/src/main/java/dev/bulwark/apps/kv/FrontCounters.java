package dev.bulwark.apps.kv;

/**
 * What the front counts about itself for INFO: since its app instance started (heap state, like the rest of
 * its bookkeeping). Threading: the front's thread only.
 */
final class FrontCounters {
    final long startNanos;
    long connectionsReceived;
    long connectionsRefused;
    long commandsProcessed;
    int connectionsOpen;

    FrontCounters(long startNanos) {
        this.startNanos = startNanos;
    }
}
