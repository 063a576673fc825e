package dev.bulwark.sandbox.kernel;

import dev.bulwark.ipc.Message;
import dev.bulwark.ipc.channel.InPort;

/**
 * The sandbox's inbound channels: each pass takes up to {@code batch} messages from each channel in turn
 * (fairness between channels), hands each to the app and releases its frame.
 */
final class InboxSource implements EventSource {
    private final InPort[] ports;
    private final int batch;
    private final AppDispatch app;

    InboxSource(InPort[] ports, int batch, AppDispatch app) {
        this.ports = ports;
        this.batch = batch;
        this.app = app;
    }

    @Override
    public int doWork(long now) {
        int handled = 0;
        for (InPort port : ports) {
            for (int i = 0; i < batch; i++) {
                Message m = port.poll();
                if (m == null) {
                    break;
                }
                app.message(m);
                port.handled();
                handled++;
            }
        }
        return handled;
    }

    @Override
    public long wakeAt(long now) {
        for (InPort port : ports) {
            if (!port.isEmpty()) {
                return now;
            }
        }
        return Long.MAX_VALUE;
    }
}
