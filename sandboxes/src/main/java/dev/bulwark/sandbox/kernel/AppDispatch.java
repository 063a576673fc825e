package dev.bulwark.sandbox.kernel;

import dev.bulwark.ipc.Message;
import dev.bulwark.sandbox.app.DeviceEvent;

/**
 * How event sources hand events to the app: the kernel implements it, calling the app's handler with the
 * app-fault guard (a handler that throws restarts the app, not the kernel).
 */
interface AppDispatch {
    void message(Message message);

    void timer(long timerId);

    void device(DeviceEvent event);
}
