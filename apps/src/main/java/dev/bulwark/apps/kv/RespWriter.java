package dev.bulwark.apps.kv;

import dev.bulwark.ipc.Message;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * RESP2 replies, encoded into a growable byte buffer: simple strings, errors, integers, bulk strings (and
 * nil), arrays. The one place in the KV store that knows RESP's reply syntax.
 *
 * <p>An error's text must not contain CR or LF (RESP would end it there): {@link #error} turns them into
 * spaces, as Redis does.
 *
 * <p>Threading: one owner thread (the front's core).
 */
final class RespWriter {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] NIL = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MIN_LONG = "-9223372036854775808".getBytes(StandardCharsets.US_ASCII);

    private byte[] bytes;
    private int length;

    RespWriter(int initialBytes) {
        bytes = new byte[Math.max(16, initialBytes)];
    }

    /** Bytes written so far. */
    int length() {
        return length;
    }

    /** The buffer (its first {@link #length()} bytes are the replies). */
    byte[] buffer() {
        return bytes;
    }

    /** The replies written so far, copied out. */
    byte[] toBytes() {
        return Arrays.copyOf(bytes, length);
    }

    /** Forgets what was written. */
    void clear() {
        length = 0;
    }

    /** {@code +text}. */
    RespWriter simple(String text) {
        if (text.equals("OK")) {
            return raw(OK, 0, OK.length);
        }
        ensure(text.length() + 3);
        bytes[length++] = '+';
        ascii(text);
        return crlf();
    }

    RespWriter ok() {
        return raw(OK, 0, OK.length);
    }

    /** {@code -text}: text starts with its code (ERR, WRONGTYPE, ...); CR and LF become spaces. */
    RespWriter error(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        ensure(utf8.length + 3);
        bytes[length++] = '-';
        for (byte b : utf8) {
            bytes[length++] = b == '\r' || b == '\n' ? (byte) ' ' : b;
        }
        return crlf();
    }

    /** {@code :n}. */
    RespWriter integer(long n) {
        ensure(24);
        bytes[length++] = ':';
        decimal(n);
        return crlf();
    }

    /** {@code $len} and the bytes. */
    RespWriter bulk(byte[] value, int offset, int valueLength) {
        ensure(valueLength + 16);
        bytes[length++] = '$';
        decimal(valueLength);
        crlf();
        System.arraycopy(value, offset, bytes, length, valueLength);
        length += valueLength;
        return crlf();
    }

    RespWriter bulk(byte[] value) {
        return bulk(value, 0, value.length);
    }

    RespWriter bulk(String value) {
        return bulk(value.getBytes(StandardCharsets.UTF_8));
    }

    /** A bulk string of {@code valueLength} payload bytes of {@code message} from {@code at}. */
    RespWriter bulk(Message message, int at, int valueLength) {
        ensure(valueLength + 16);
        bytes[length++] = '$';
        decimal(valueLength);
        crlf();
        message.getBytes(at, bytes, length, valueLength);
        length += valueLength;
        return crlf();
    }

    /** The nil bulk string, {@code $-1}. */
    RespWriter nil() {
        return raw(NIL, 0, NIL.length);
    }

    /** {@code *n}: the next {@code n} replies are its elements. */
    RespWriter array(int n) {
        ensure(16);
        bytes[length++] = '*';
        decimal(n);
        return crlf();
    }

    /** Bytes that are already RESP. */
    RespWriter raw(byte[] resp, int offset, int n) {
        ensure(n);
        System.arraycopy(resp, offset, bytes, length, n);
        length += n;
        return this;
    }

    private RespWriter crlf() {
        bytes[length++] = CRLF[0];
        bytes[length++] = CRLF[1];
        return this;
    }

    private void ascii(String text) {
        for (int i = 0; i < text.length(); i++) {
            bytes[length++] = (byte) text.charAt(i);
        }
    }

    private void decimal(long n) {
        if (n == Long.MIN_VALUE) {
            System.arraycopy(MIN_LONG, 0, bytes, length, MIN_LONG.length);
            length += MIN_LONG.length;
            return;
        }
        if (n < 0) {
            bytes[length++] = '-';
            n = -n;
        }
        int digits = 1;
        for (long t = n; t >= 10; t /= 10) {
            digits++;
        }
        for (int i = length + digits - 1; i >= length; i--) {
            bytes[i] = (byte) ('0' + n % 10);
            n /= 10;
        }
        length += digits;
    }

    private void ensure(int more) {
        if (length + more + 2 > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more + 2));
        }
    }
}
