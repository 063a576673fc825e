package dev.bulwark.sandbox.app;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * How a NIC with protocol {@code resp} hands one client command to its driver: the command's arguments
 * (a RESP array of bulk strings, decoded on the wire side) laid out in one frame.
 *
 * <pre>
 *   0        4        8              8+len0   12+len0
 *   +--------+--------+--------------+--------+--------------+-----
 *   | argc   | len0   | arg0 bytes   | len1   | arg1 bytes   | ...
 *   +--------+--------+--------------+--------+--------------+-----
 *   int32 little-endian counts and lengths; no padding
 * </pre>
 *
 * The one place that knows the layout: the wire side encodes with {@link #encode}, apps decode with
 * {@link #decode}.
 */
public final class RespFrame {
    private RespFrame() {
    }

    /** The frame for a command of {@code args}. */
    public static byte[] encode(byte[][] args) {
        int size = Integer.BYTES;
        for (byte[] a : args) {
            size += Integer.BYTES + a.length;
        }
        ByteBuffer frame = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        frame.putInt(args.length);
        for (byte[] a : args) {
            frame.putInt(a.length).put(a);
        }
        return frame.array();
    }

    /**
     * The arguments of {@code frame}.
     *
     * @throws IllegalArgumentException if the frame is not laid out as above (naming where)
     */
    public static byte[][] decode(byte[] frame) {
        ByteBuffer in = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
        if (in.remaining() < Integer.BYTES) {
            throw new IllegalArgumentException("RESP frame of " + frame.length + " bytes has no argument count");
        }
        int argc = in.getInt();
        if (argc < 0 || argc > (frame.length - Integer.BYTES) / Integer.BYTES) {
            throw new IllegalArgumentException("RESP frame of " + frame.length + " bytes claims " + argc + " arguments");
        }
        byte[][] args = new byte[argc][];
        for (int i = 0; i < argc; i++) {
            int len = in.remaining() >= Integer.BYTES ? in.getInt() : -1;
            if (len < 0 || len > in.remaining()) {
                throw new IllegalArgumentException("RESP frame argument " + i + " runs past the frame's "
                        + frame.length + " bytes");
            }
            args[i] = new byte[len];
            in.get(args[i]);
        }
        if (in.hasRemaining()) {
            throw new IllegalArgumentException("RESP frame has " + in.remaining() + " bytes after its " + argc + " arguments");
        }
        return args;
    }
}
