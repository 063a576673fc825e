package dev.bulwark.apps.control;

import dev.bulwark.ipc.Claim;
import dev.bulwark.ipc.Message;
import dev.bulwark.ipc.Sender;

/**
 * The two messages of the control loop, drawn once. Longs and doubles are little-endian; a double travels as
 * its IEEE-754 bits ({@link Double#doubleToRawLongBits}).
 *
 * <pre>
 *   COMMAND  controller -> plant:  0 tick | 8 sent at (controller's clock, ns) | 16 force (N, double)
 *   STATE    plant -> controller:  0 tick | 8 sent at   (both echoed from the command answered)
 *                                  | 16 step (commands the plant has applied since its simulation began)
 *                                  | 24 x | 32 x' | 40 theta | 48 theta'   (doubles, after the step)
 * </pre>
 */
public final class LoopProtocol {
    /** Apply this force for one step and answer with the state. */
    public static final int COMMAND = 300;
    /** The plant's state after a command. */
    public static final int STATE = 301;

    static final int COMMAND_BYTES = 24;
    static final int STATE_BYTES = 56;

    private LoopProtocol() {
    }

    /** A command as the plant reads it. */
    public record Command(long tick, long sentNanos, double force) {
        /** The command in {@code m}, or null if {@code m} is not a well-formed COMMAND. */
        public static Command read(Message m) {
            if (m.type() != COMMAND || m.length() < COMMAND_BYTES) {
                return null;
            }
            return new Command(m.getLong(0), m.getLong(8), Double.longBitsToDouble(m.getLong(16)));
        }

        /** Sends this command; false if the channel is full. */
        public boolean sendTo(Sender plant) {
            Claim c = plant.claim(COMMAND);
            if (c == null) {
                return false;
            }
            c.putLong(0, tick).putLong(8, sentNanos).putLong(16, Double.doubleToRawLongBits(force)).commit();
            return true;
        }
    }

    /** A state report as the controller reads it: the answer to the command of {@code tick}. */
    public record Report(long tick, long sentNanos, long step, PoleState state) {
        /** The report in {@code m}, or null if {@code m} is not a well-formed STATE. */
        public static Report read(Message m) {
            if (m.type() != STATE || m.length() < STATE_BYTES) {
                return null;
            }
            return new Report(m.getLong(0), m.getLong(8), m.getLong(16), new PoleState(
                    Double.longBitsToDouble(m.getLong(24)), Double.longBitsToDouble(m.getLong(32)),
                    Double.longBitsToDouble(m.getLong(40)), Double.longBitsToDouble(m.getLong(48))));
        }

        /** Sends this report; false if the channel is full. */
        public boolean sendTo(Sender controller) {
            Claim c = controller.claim(STATE);
            if (c == null) {
                return false;
            }
            c.putLong(0, tick).putLong(8, sentNanos).putLong(16, step)
                    .putLong(24, Double.doubleToRawLongBits(state.x()))
                    .putLong(32, Double.doubleToRawLongBits(state.xDot()))
                    .putLong(40, Double.doubleToRawLongBits(state.theta()))
                    .putLong(48, Double.doubleToRawLongBits(state.thetaDot()))
                    .commit();
            return true;
        }
    }
}
