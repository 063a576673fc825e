package dev.bulwark.drill.workload;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One blocking RESP connection to a server: a command out as an array of bulk strings, one reply back (or, for a
 * pipelining client, many commands out before their replies are read: {@link #send}, {@link #flush}, {@link
 * #reply}). Every wait is bounded: the connect by {@code connectMillis}, each read by {@code readMillis} (a
 * {@link java.net.SocketTimeoutException}, an {@link IOException}, ends the connection's use: the caller closes it
 * and opens another). Only the replies a KV client needs are parsed: simple strings, errors, integers and bulk
 * strings (nil included); an array is a protocol error.
 *
 * <p>Threading: confined to the thread that uses it, except {@link #close}, which any thread may call to unblock
 * a read in progress (the socket's close is thread-safe).
 */
final class RespConnection implements AutoCloseable {
    /** A server's reply. */
    sealed interface Reply {
        /** {@code +OK}. */
        record Status(String text) implements Reply {
        }

        /** {@code -TRYAGAIN ...}. */
        record Error(String text) implements Reply {
        }

        /** {@code :42}. */
        record Integer(long value) implements Reply {
        }

        /** {@code $3 abc}; {@code value} null for {@code $-1} (nil). */
        record Bulk(String value) implements Reply {
        }
    }

    private static final int MAX_LINE = 64 * 1024;
    private static final int MAX_BULK = 16 * 1024 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RespConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = new BufferedOutputStream(socket.getOutputStream());
    }

    /** Connects to {@code "host:port"}. */
    static RespConnection open(String address, int connectMillis, int readMillis) throws IOException {
        int colon = address.lastIndexOf(':');
        if (colon <= 0) {
            throw new IOException("no address to connect to ('" + address + "')");
        }
        int port;
        try {
            port = java.lang.Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IOException("not a host:port: '" + address + "'");
        }
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(readMillis);
            socket.connect(new InetSocketAddress(address.substring(0, colon), port), connectMillis);
            return new RespConnection(socket);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends {@code args} as one command and reads its reply. */
    Reply command(String... args) throws IOException {
        send(args);
        flush();
        return reply();
    }

    /**
     * Buffers {@code args} as one command, unsent until {@link #flush}: a pipelining client sends many before it
     * reads their replies, which come back in command order ({@link #reply}, one each).
     */
    void send(String... args) throws IOException {
        StringBuilder b = new StringBuilder(64).append('*').append(args.length).append("\r\n");
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            b.append('$').append(bytes.length).append("\r\n").append(arg).append("\r\n");
        }
        out.write(b.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Sends what {@link #send} buffered. */
    void flush() throws IOException {
        out.flush();
    }

    /** Whether a reply's first bytes have arrived already: reading it will not wait for the server. */
    boolean replyWaiting() throws IOException {
        return in.available() > 0;
    }

    /** Reads the next reply, waiting up to the read timeout for it. */
    Reply reply() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("the server closed the connection");
        }
        String line = line();
        return switch (type) {
            case '+' -> new Reply.Status(line);
            case '-' -> new Reply.Error(line);
            case ':' -> new Reply.Integer(number(line));
            case '$' -> bulk(number(line));
            default -> throw new IOException("unexpected RESP reply type '" + (char) type + "' (" + line + ")");
        };
    }

    private Reply.Bulk bulk(long length) throws IOException {
        if (length < 0) {
            return new Reply.Bulk(null);
        }
        if (length > MAX_BULK) {
            throw new IOException("a bulk reply of " + length + " bytes");
        }
        byte[] bytes = in.readNBytes((int) length);
        if (bytes.length < length || in.read() != '\r' || in.read() != '\n') {
            throw new EOFException("a bulk reply cut short");
        }
        return new Reply.Bulk(new String(bytes, StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
        StringBuilder b = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("a reply cut short");
            }
            if (c == '\r') {
                if (in.read() != '\n') {
                    throw new IOException("a reply line not ended by CRLF");
                }
                return b.toString();
            }
            if (b.length() >= MAX_LINE) {
                throw new IOException("a reply line over " + MAX_LINE + " bytes");
            }
            b.append((char) c);
        }
    }

    private static long number(String line) throws IOException {
        try {
            return Long.parseLong(line);
        } catch (NumberFormatException e) {
            throw new IOException("not a number in a reply: '" + line + "'");
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all that was asked; nothing more to do with a socket that will not close cleanly
        }
    }
}
